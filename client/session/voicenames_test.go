package session_test

import (
	"testing"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// A speaker on the stage may stand out of your view (no profile comes for them), so VoiceSlots
// names them: the model keeps each slot's name, and clears it with the slot.
func TestVoiceSlotsNameTheStage(t *testing.T) {
	s, src := joined(t)
	deliver(s, src, &pb.ServerMessage{Msg: &pb.ServerMessage_VoiceSlots{VoiceSlots: &pb.VoiceSlots{Slots: []*pb.VoiceSlot{
		{Index: 8, Avatar: 41, Name: "Ambassador Ada"}, {Index: 0, Avatar: 3, Name: "Neighbour Ned"},
	}}}})
	v := s.Model().Voice
	if v.Slots[8] != 41 || v.Names[8] != "Ambassador Ada" || v.Names[0] != "Neighbour Ned" {
		t.Fatalf("slots %v names %q", v.Slots, v.Names)
	}
	deliver(s, src, &pb.ServerMessage{Msg: &pb.ServerMessage_VoiceSlots{VoiceSlots: &pb.VoiceSlots{Slots: []*pb.VoiceSlot{{Index: 8}}}}})
	if v := s.Model().Voice; v.Slots[8] != 0 || v.Names[8] != "" {
		t.Fatalf("an emptied stage slot keeps %d %q", v.Slots[8], v.Names[8])
	}
}
