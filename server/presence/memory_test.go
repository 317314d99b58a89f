package presence_test

import (
	"testing"

	"github.com/embassy-project/embassy/server/presence"
	"github.com/embassy-project/embassy/server/presence/presencetest"
)

func TestMemoryStore(t *testing.T) {
	presencetest.Run(t, func(*testing.T) presence.Store { return presence.NewMemory() })
}
