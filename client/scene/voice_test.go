package scene

import (
	"image"
	"sync"
	"testing"

	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// recEngine is a voice engine that records what the session asks of it (the real one needs a
// server and audio devices; those are tested in client/voice and client/platform).
type recEngine struct {
	mu      sync.Mutex
	starts  int
	stops   int
	micOpen bool
	gains   [9]float32
	pans    [9]float32
}

func (e *recEngine) Start(session.Sender) error         { e.mu.Lock(); e.starts++; e.mu.Unlock(); return nil }
func (e *recEngine) Stop()                              { e.mu.Lock(); e.stops++; e.mu.Unlock() }
func (e *recEngine) Handle(*pb.ServerMessage)           {}
func (e *recEngine) SetMicOpen(open bool)               { e.mu.Lock(); e.micOpen = open; e.mu.Unlock() }
func (e *recEngine) Status() (bool, string)             { return true, "" }
func (e *recEngine) SetSource(i int, gain, pan float32) { e.gains[i], e.pans[i] = gain, pan }

// withVoice returns a harness in the Entrance Hall whose session has a recording voice engine,
// after J joined voice.
func withVoice(t *testing.T) (*harness, *recEngine) {
	t.Helper()
	h := newHarness(t, "entrance.tmx", "entrance")
	eng := &recEngine{}
	h.w.sess.SetVoiceEngine(eng)
	h.step(press(ui.Voice))
	h.step(&ui.Input{})
	return h, eng
}

// talking puts someone called name in slot 2 at pos, heard on voice slot 0.
func (h *harness) talking(name string, pos world.Vec) {
	h.src.Push(&pb.ServerMessage{Msg: &pb.ServerMessage_Snapshot{Snapshot: &pb.Snapshot{
		Tick: 1, Profiles: []*pb.Profile{{Slot: 2, Name: name, UserId: "u2"}}, Enter: []*pb.AvatarEnter{{Slot: 2, X: pos.X, Y: pos.Y}},
	}}})
	h.src.Push(&pb.ServerMessage{Msg: &pb.ServerMessage_VoiceSlots{VoiceSlots: &pb.VoiceSlots{Slots: []*pb.VoiceSlot{{Index: 0, Avatar: 2}}}}})
	h.step(&ui.Input{})
}

func TestVoiceKeysAndTheAvatarMenu(t *testing.T) {
	h, eng := withVoice(t)
	m := h.w.sess.Model()
	if eng.starts != 1 || !m.Voice.On {
		t.Fatalf("J: %d starts, voice on %v", eng.starts, m.Voice.On)
	}
	if !eng.micOpen {
		t.Fatal("the microphone is not open after joining unmuted")
	}
	h.step(press(ui.Mute))
	if eng.micOpen || !m.Voice.Muted {
		t.Fatal("M did not mute the microphone")
	}
	h.step(press(ui.PTTMode))
	h.step((&ui.Input{}).Hold(ui.Talk))
	if !eng.micOpen {
		t.Fatal("holding V with push-to-talk did not open the microphone")
	}
	h.step(&ui.Input{})
	if eng.micOpen {
		t.Fatal("releasing V did not close the microphone")
	}

	// Someone stands 5 m to the right and talks on slot 0: heard from the right, quieter than near.
	me := m.Pred.Pos()
	h.talking("Neighbour", world.Vec{X: me.X + 5*world.Unit, Y: me.Y})
	if eng.gains[0] <= 0 || eng.gains[0] >= 1 || eng.pans[0] <= 0.5 {
		t.Fatalf("slot 0 placed at gain %.2f pan %.2f; want quieter than full, to the right", eng.gains[0], eng.pans[0])
	}
	if eng.gains[1] != 0 {
		t.Fatalf("an empty slot plays at gain %.2f", eng.gains[1])
	}

	// Right-click the neighbour where the camera draws them, and mute them for me with M.
	c := ui.NewContext(1280, 800, 1, h.fonts, m.Now, h.frame)
	h.w.view.Prepare(c, c.Screen)
	fig := h.w.view.frame.Figures
	var at image.Point
	for _, f := range fig {
		if f.Slot == 2 {
			x, y := h.w.view.frame.Cam.ToScreen(f.X, f.Y)
			at = image.Pt(int(x), int(y)-20)
		}
	}
	h.step((&ui.Input{}).RightClick(at))
	h.step(press(ui.ZoomOut))
	if v := m.Voice.VolumeOf(2); v != 0.75 {
		t.Fatalf("volume after - is %.2f, want 0.75 (did the right click open the menu?)", v)
	}
	h.step(press(ui.Mute))
	h.step(&ui.Input{})
	if m.Voice.VolumeOf(2) != 0 || eng.gains[0] != 0 {
		t.Fatalf("muted for me: volume %.2f, slot gain %.2f", m.Voice.VolumeOf(2), eng.gains[0])
	}
	if !m.Voice.Muted {
		t.Fatal("M in the menu changed your own microphone")
	}
	h.step(press(ui.Cancel))
	h.step(press(ui.Voice)) // leave voice
	if eng.stops != 1 || m.Voice.On {
		t.Fatalf("J again: %d stops, voice on %v", eng.stops, m.Voice.On)
	}
}

// /block typed into the chat silences the person's voice, even when their volume is turned up again
// in the menu; /unblock gives it back.
func TestBlockSilencesTheirVoice(t *testing.T) {
	h, eng := withVoice(t)
	m := h.w.sess.Model()
	me := m.Pred.Pos()
	h.talking("Loud Neighbour", world.Vec{X: me.X + world.Unit, Y: me.Y})
	if eng.gains[0] <= 0 {
		t.Fatal("the neighbour is not heard to begin with")
	}
	say := func(line string) {
		h.step(press(ui.Submit))
		h.step((&ui.Input{}).Type(line))
		h.step(press(ui.Submit))
		h.step(&ui.Input{})
	}
	say("/block loud neighbour")
	if eng.gains[0] != 0 || m.Voice.VolumeOf(2) != 0 {
		t.Fatalf("blocked: slot gain %.2f, volume %.2f", eng.gains[0], m.Voice.VolumeOf(2))
	}
	h.w.sess.Actions().SetVolume(2, 1)
	h.step(&ui.Input{})
	if eng.gains[0] != 0 {
		t.Fatalf("blocked but turned up: slot gain %.2f", eng.gains[0])
	}
	say("/unblock Loud Neighbour")
	if eng.gains[0] <= 0 {
		t.Fatal("unblocked, still silent")
	}
	if got := h.src.Sent(); len(got) != 0 {
		t.Fatalf("blocking told the server: %q", got)
	}
}
