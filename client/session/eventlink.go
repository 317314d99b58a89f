package session

import (
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// eventLink turns the server's EventState and GuideState into the model, takes the HTTP lists
// (events, tours) fetched in the background, and walks a self-guided tour along.
type eventLink struct {
	s        *Session
	calendar chan calendarResult
	tours    chan toursResult
	tour     tourWalk
}

func (l *eventLink) register() {
	s := l.s
	l.calendar, l.tours = make(chan calendarResult, 1), make(chan toursResult, 1)
	s.On(&pb.ServerMessage_Joined{}, func(Event) { s.m.Stage = Stage{} }) // the new room's comes next
	s.On(&pb.ServerMessage_EventState{}, l.onEventState)
	s.On(&pb.ServerMessage_GuideState{}, l.onGuideState)
}

func (l *eventLink) onEventState(e Event) {
	m := &l.s.m
	st := e.Msg.GetEventState()
	was := m.Stage
	if st.GetId() == 0 {
		m.Stage = Stage{}
		if was.Running() {
			m.tell(msg.T("“%s” has ended.", was.State.GetTitle()))
		}
		return
	}
	m.Stage = Stage{State: st}
	me := m.Welcome.GetName()
	switch {
	case was.State.GetId() != st.GetId():
		m.tell(msg.T("“%s” is on in this room. R raises your hand, Q opens the stage panel.", st.GetTitle()))
	case nameKey(st.GetFloor()) == nameKey(me) && nameKey(was.State.GetFloor()) != nameKey(me):
		m.tell(msg.T("You have the floor: the whole room hears you."))
	case nameKey(was.State.GetFloor()) == nameKey(me) && nameKey(st.GetFloor()) != nameKey(me):
		m.tell(msg.T("The floor was taken back."))
	}
}

func (l *eventLink) onGuideState(e Event) {
	m := &l.s.m
	g := e.Msg.GetGuideState()
	was, me := m.Group, m.Welcome.GetName()
	if g.GetGuide() == "" {
		m.Group = nil
		switch {
		case was == nil:
		case nameKey(was.GetGuide()) == nameKey(me):
			m.tell(msg.T("Your guided tour has ended."))
		default:
			m.tell(msg.T("You are no longer following %s.", was.GetGuide()))
		}
		return
	}
	m.Group = g
	if was == nil || was.GetGuide() != g.GetGuide() {
		if nameKey(g.GetGuide()) == nameKey(me) {
			m.tell(msg.T("You lead “%s”: people may follow you now.", g.GetTour()))
		} else {
			m.tell(msg.T("You follow %s on “%s”. Move to leave the tour.", g.GetGuide(), g.GetTour()))
		}
	}
}

// update takes finished fetches and walks a self-guided tour on; once a frame.
func (l *eventLink) update() {
	m := &l.s.m
	select {
	case r := <-l.calendar:
		m.Calendar.Asking = false
		if r.err != nil {
			m.Calendar.Err = msg.T("The events could not be fetched; try again shortly.")
			l.s.log.Warn("fetch events", "err", r.err)
		} else {
			m.Calendar = Calendar{Events: SortListings(r.list, m.Now), Fetched: m.Now}
		}
	case r := <-l.tours:
		m.Tour.Asking = false
		if r.err != nil {
			m.Tour.Err = msg.T("The tours could not be fetched; try again shortly.")
			l.s.log.Warn("fetch tours", "err", r.err)
		} else {
			m.Tour.Tours, m.Tour.Rooms, m.Tour.Err = r.tours, r.rooms, ""
		}
	default:
	}
	l.tour.step(m)
}
