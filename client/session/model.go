package session

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/predict"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// ReachUnits is how close you must stand to an exhibit to open it: a metre and a half.
const ReachUnits = world.Unit * 3 / 2

// Room is the room you are in.
type Room struct {
	ID, Name string
	Assets   *RoomAssets
}

// Bubble is a chat or emote bubble over an avatar.
type Bubble struct {
	Text      string
	Tone      Tone
	At, Until time.Time
}

// Notice is the latest server notice (announcements shown as a banner).
type Notice struct {
	Text string
	At   time.Time
}

// Model is everything the game shows, owned by the game goroutine: handlers and Actions change it,
// widgets and render layers read it. Fields are exported for reading; only this package writes them.
type Model struct {
	Name string   // the name you asked for
	Look *pb.Look // the look you chose

	Welcome *pb.Welcome // the latest Welcome: your id, name and role; nil before the first
	Status  Status      // the connection, as of the last Update
	Rooms   []*pb.RoomInfo

	Room     *Room  // nil until joined and the map is loaded
	Loading  string // map file being loaded, if any
	LoadErr  string // why the last map load failed, in words
	SelfSlot uint32
	Profiles map[uint32]*pb.Profile
	Pred     *predict.Predictor // your avatar, predicted
	Interp   *predict.Interp    // everyone in view, interpolated
	Alpha    float64            // fraction of a tick since the last predicted tick

	Chat    ChatLog
	Bubbles map[uint32]*Bubble
	Notice  Notice
	Target  *world.Vec // where a click-to-walk is heading
	Exhibit *Exhibit   // the exhibit open for reading, nil when none
	Voice   VoiceState
	Staff   StaffState // what the moderator panel shows
	Blocked BlockList  // people whose chat and voice you do not want

	Stage    Stage          // the event running in your room
	Group    *pb.GuideState // the guided tour you lead or follow; nil: none
	Calendar Calendar       // the events panel's list
	Tour     TourState      // the tours, and the self-guided one you take

	Now  time.Time // the time of the last Update
	seen []string  // names of people heard from lately, newest last: names the chat box knows
}

// maxSeen bounds the names remembered from the chat.
const maxSeen = 64

// Role returns your role (a visitor until welcomed).
func (m *Model) Role() pb.Role { return m.Welcome.GetRole() }

// RoomInfo returns room id from the room directory, or nil.
func (m *Model) RoomInfo(id string) *pb.RoomInfo {
	for _, r := range m.Rooms {
		if r.GetId() == id {
			return r
		}
	}
	return nil
}

// RoomID returns the id of the room q names by id or by name, in any case; q itself when none does.
func (m *Model) RoomID(q string) string {
	for _, r := range m.Rooms {
		if strings.EqualFold(r.GetId(), q) || strings.EqualFold(r.GetName(), q) {
			return r.GetId()
		}
	}
	return q
}

// KnownNames returns the names of the people in this room you have seen and of those heard from
// lately: the names a command may use without quotes.
func (m *Model) KnownNames() []string {
	out := make([]string, 0, len(m.Profiles)+len(m.seen))
	for _, p := range m.Profiles {
		out = append(out, p.GetName())
	}
	return append(out, m.seen...)
}

// remember adds name to the names heard from lately.
func (m *Model) remember(name string) {
	if name == "" {
		return
	}
	if i := slices.Index(m.seen, name); i >= 0 {
		m.seen = slices.Delete(m.seen, i, i+1)
	} else if len(m.seen) >= maxSeen {
		m.seen = slices.Delete(m.seen, 0, 1)
	}
	m.seen = append(m.seen, name)
}

// Joined reports whether you are in a room with its map loaded.
func (m *Model) Joined() bool { return m.Room != nil }

// Ready reports whether you are in a room and connected.
func (m *Model) Ready() bool { return m.Room != nil && m.Status.State == Online }

// Occupants returns the number of people in room id from the room directory.
func (m *Model) Occupants(id string) (int, bool) {
	if r := m.RoomInfo(id); r != nil {
		return int(r.GetOccupants()), true
	}
	return 0, false
}

// RoomName returns the name of room id from the room directory, or id itself.
func (m *Model) RoomName(id string) string {
	if r := m.RoomInfo(id); r != nil {
		return r.GetName()
	}
	return id
}

// NearestExhibit returns the closest exhibit or info zone, and whether it is within reach.
func (m *Model) NearestExhibit() (*world.Zone, bool) {
	if m.Room == nil {
		return nil, false
	}
	var best *world.Zone
	bestD := int64(math.MaxInt64)
	for _, z := range m.Room.Assets.Def.Exhibits() {
		if d := RectDist2(z.Rect, m.Pred.Pos()); d < bestD {
			best, bestD = z, d
		}
	}
	return best, best != nil && bestD <= int64(ReachUnits)*int64(ReachUnits)
}

// InReach reports whether you stand close enough to zone z to read it.
func (m *Model) InReach(z *world.Zone) bool {
	return RectDist2(z.Rect, m.Pred.Pos()) <= int64(ReachUnits)*int64(ReachUnits)
}

// SelfUnits returns where your avatar is shown, in world units (smoothed, between ticks).
func (m *Model) SelfUnits() (x, y float64) { return m.Pred.Display(m.Alpha) }

// RectDist2 is the squared distance from p to the nearest point of r.
func RectDist2(r world.Rect, p world.Vec) int64 {
	dx := max(int64(r.Min.X)-int64(p.X), 0, int64(p.X)-int64(r.Max.X-1))
	dy := max(int64(r.Min.Y)-int64(p.Y), 0, int64(p.Y)-int64(r.Max.Y-1))
	return dx*dx + dy*dy
}

// StatusLine describes the connection in words.
func (m *Model) StatusLine() string {
	st := m.Status
	switch st.State {
	case Connecting:
		if st.Session > 0 || st.Attempt > 0 {
			return msg.T("Reconnecting...")
		}
		return msg.T("Connecting...")
	case Waiting:
		secs := max(time.Until(st.RetryAt).Seconds(), 0)
		return msg.T("Disconnected: %s. Trying again in %.0f s.", st.Reason, secs+0.49)
	case Ended:
		return msg.T("Disconnected: %s. Start the client again when you may come back.", st.Reason)
	}
	if m.Loading != "" || m.Room == nil {
		return msg.T("Entering the embassy...")
	}
	return msg.T("Connected")
}

// tell adds a line for you alone to the chat history.
func (m *Model) tell(text string) { m.Chat.Add(ChatEntry{At: m.Now, Text: text, Tone: ToneSystem}) }

// warn adds a refusal or a local error to the chat history.
func (m *Model) warn(text string) { m.Chat.Add(ChatEntry{At: m.Now, Text: text, Tone: ToneError}) }
