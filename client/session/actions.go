package session

import (
	"strings"

	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/predict"
	"github.com/embassy-project/embassy/shared/world"
)

// Actions are what a person can do in the embassy. Each turns a wish into intents for the Sender
// and predicts what it can. Widgets, the walk controller and automation call them; none of them
// touches the connection itself.
type Actions struct{ s *Session }

// Hold holds a walking direction (the zero Dir stops). Only changes go to the server.
func (a Actions) Hold(d world.Dir) {
	s := a.s
	snd := s.src.Sender()
	if s.m.Room == nil || snd == nil || !s.moves.Update(d) {
		return
	}
	if !d.Zero() {
		s.m.Target, s.pendingOpen = nil, nil
	}
	seq, err := snd.Move(int(d.X), int(d.Y))
	if err != nil {
		return // the link notices the broken connection and reconnects
	}
	s.m.Pred.Intend(predict.Intent{Seq: seq, Dir: d})
}

// WalkTo walks to a point; a point you cannot reach is refused here, as the server would.
func (a Actions) WalkTo(to world.Vec) bool {
	s := a.s
	snd := s.src.Sender()
	if s.m.Room == nil || snd == nil {
		return false
	}
	if _, ok := s.m.Room.Assets.Def.FindPath(s.m.Pred.Pos(), to); !ok {
		s.m.warn(msg.T("You cannot walk there."))
		return false
	}
	seq, err := snd.WalkTo(to.X, to.Y)
	if err != nil {
		return false
	}
	s.m.Pred.Intend(predict.Intent{Seq: seq, Walk: true, Target: to})
	s.moves.Walked()
	s.m.Target, s.pendingOpen = &to, nil
	return true
}

// Activate is a click on the map at a point: on an exhibit it opens it (walking there first when it
// is out of reach); anywhere else it walks to the tile clicked.
func (a Actions) Activate(at world.Vec) {
	s := a.s
	if s.m.Room == nil {
		return
	}
	for _, z := range s.m.Room.Assets.Def.Exhibits() {
		if grow(z.Rect, world.Unit/2).Contains(at) {
			if s.m.InReach(z) {
				a.OpenExhibit(z)
			} else if spot, ok := standingSpot(s.m.Room.Assets.Def, z, s.m.Pred.Pos()); ok && a.WalkTo(spot) {
				s.pendingOpen = z
			}
			return
		}
	}
	a.WalkTo(at.Tile().Center())
}

// Say carries out a line typed into the chat box: talk, or a command.
func (a Actions) Say(line string) {
	s := a.s
	s.m.Chat.ToBottom()
	cmd := ParseCommand(line, s.m.KnownNames())
	switch cmd.Kind {
	case CmdNone:
		return
	case CmdHelp:
		for _, l := range strings.Split(HelpText()+"\n"+ModHelpText(s.m.Role()), "\n") {
			s.m.tell(l)
		}
		return
	case CmdModerate:
		a.Moderation().Send(cmd.Mod)
		return
	case CmdBlock:
		a.Moderation().Block(cmd.Target)
		return
	case CmdUnblock:
		a.Moderation().Unblock(cmd.Target)
		return
	case CmdError:
		s.m.warn(cmd.Err)
		return
	case CmdJoin:
		a.Join(cmd.Room)
		return
	}
	snd := s.src.Sender()
	if snd == nil {
		s.m.warn(msg.T("Not connected: your message was not sent."))
		return
	}
	var err error
	switch cmd.Kind {
	case CmdChat:
		_, err = snd.Chat(cmd.Chat, cmd.Text, cmd.To)
	case CmdEmote:
		_, err = snd.Emote(cmd.Gesture)
	}
	if err != nil {
		s.log.Warn("send chat", "err", err)
		s.m.warn(msg.T("Not sent: the connection was lost."))
	}
}

// Join asks to move to a room given by id or name.
func (a Actions) Join(q string) {
	s := a.s
	id := s.m.RoomID(q)
	if s.m.Room != nil && id == s.m.Room.ID {
		s.m.tell(msg.T("You are already in the %s.", s.m.Room.Name))
		return
	}
	snd := s.src.Sender()
	if snd == nil {
		s.m.warn(msg.T("Not connected: wait for the connection to come back."))
		return
	}
	if err := snd.Join(id); err != nil {
		s.log.Warn("send join", "err", err)
		s.m.warn(msg.T("Not sent: the connection was lost."))
	}
}

// ReadNearest opens the closest exhibit: within reach, or anywhere in the room when anywhere. It
// reports whether one opened.
func (a Actions) ReadNearest(anywhere bool) bool {
	z, near := a.s.m.NearestExhibit()
	if z == nil || (!near && !anywhere) {
		return false
	}
	a.OpenExhibit(z)
	return true
}

// OpenExhibit opens an exhibit for reading; its text loads in the background.
func (a Actions) OpenExhibit(z *world.Zone) {
	s := a.s
	s.m.Exhibit = &Exhibit{Zone: z}
	files := s.files
	go func() { s.exhibits <- loadExhibit(files, z) }()
}

// CloseExhibit closes the exhibit being read.
func (a Actions) CloseExhibit() { a.s.m.Exhibit = nil }

// Tell adds a line for you alone to the chat history (hints, local errors).
func (a Actions) Tell(text string) { a.s.m.tell(text) }

// standingSpot returns a walkable tile centre next to zone z within reach, the one closest to me.
func standingSpot(def *world.Room, z *world.Zone, me world.Vec) (world.Vec, bool) {
	lo, hi := z.Rect.Min.Tile(), world.Vec{X: z.Rect.Max.X - 1, Y: z.Rect.Max.Y - 1}.Tile()
	var best world.Vec
	found := false
	for y := lo.Y - 1; y <= hi.Y+1; y++ {
		for x := lo.X - 1; x <= hi.X+1; x++ {
			c := world.Tile{X: x, Y: y}.Center()
			if !def.Fits(c) || RectDist2(z.Rect, c) > int64(ReachUnits)*int64(ReachUnits) {
				continue
			}
			if !found || c.Dist2(me) < best.Dist2(me) {
				best, found = c, true
			}
		}
	}
	return best, found
}

func grow(r world.Rect, d int32) world.Rect {
	return world.Rect{Min: world.Vec{X: r.Min.X - d, Y: r.Min.Y - d}, Max: world.Vec{X: r.Max.X + d, Y: r.Max.Y + d}}
}
