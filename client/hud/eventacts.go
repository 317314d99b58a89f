package hud

import (
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// eventItems lists what the avatar menu offers about person p for events and tours: a host of the
// event in the room gives them the floor, puts them in the spotlight (or out of it) and admits
// them; anyone may follow a member of staff's guided tour (the server refuses when they lead
// none), and leave the one they follow.
func eventItems(m *session.Model, act session.Actions, p *pb.Profile) []menuItem {
	var items []menuItem
	name, st := p.GetName(), m.Stage
	if st.HostedBy(m.Welcome.GetName(), m.Role()) {
		ea := act.Events()
		items = append(items, menuItem{msg.T("Give the floor"), func() { ea.Host(pb.EventAction_GIVE_FLOOR, name) }})
		if st.State.GetSpotlight() == name {
			items = append(items, menuItem{msg.T("Out of the spotlight"), func() { ea.Host(pb.EventAction_SPOTLIGHT, "") }})
		} else {
			items = append(items, menuItem{msg.T("Spotlight"), func() { ea.Host(pb.EventAction_SPOTLIGHT, name) }})
		}
		if st.State.GetInviteOnly() {
			items = append(items, menuItem{msg.T("Admit to the event"), func() { ea.Host(pb.EventAction_ADMIT, name) }})
		}
	}
	tours := act.Tours()
	switch g := m.Group; {
	case g != nil && g.GetGuide() == name:
		items = append(items, menuItem{msg.T("Stop following"), func() { tours.Guide(pb.Guide_UNFOLLOW, "", "") }})
	case g == nil && p.GetRole() != pb.Role_ROLE_VISITOR:
		items = append(items, menuItem{msg.T("Follow their guided tour"), func() { tours.Guide(pb.Guide_FOLLOW, "", name) }})
	}
	return items
}
