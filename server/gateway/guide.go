package gateway

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/presence"
	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// tourRole is what a session does in a guided tour; guarded by Session.tourMu (Enter reads it from
// rooms' goroutines).
type tourRole struct {
	guiding   string // the tour's title while this person leads one
	following string // the guide's user id while this person follows one
}

// guide carries out a Guide message.
func (s *Session) guide(g *pb.Guide, now time.Time) {
	ref := g.GetRef()
	r := s.room.Load()
	if r == nil {
		s.refuse(refusedInvalid, ref, "join a room first", nil)
		return
	}
	if !s.actions.take(now) {
		s.refuse(refusedRate, ref, "slow down: too many requests", nil)
		return
	}
	switch g.GetKind() {
	case pb.Guide_START:
		if identity.RoleFromProto(s.profile.Role) < identity.Diplomat {
			s.refuse(refusedNotAllowed, ref, "only diplomats and staff lead guided tours; you may follow one", nil)
			return
		}
		title := strings.TrimSpace(g.GetTour())
		if title == "" {
			title = "A guided tour"
		}
		s.setTour(tourRole{guiding: title})
		s.busy(r.Guide(s.id, title), ref)
	case pb.Guide_END:
		s.setTour(tourRole{})
		s.busy(r.Guide(s.id, ""), ref)
	case pb.Guide_FOLLOW:
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		e, err := s.g.store.ByName(ctx, strings.TrimSpace(g.GetTarget()))
		switch {
		case errors.Is(err, presence.ErrNotFound):
			s.refuse(refusedNoUser, ref, "nobody called "+g.GetTarget()+" is online", nil)
			return
		case err != nil:
			s.refuse(refusedUnavailable, ref, sayPresenceDown, err)
			return
		}
		s.setTour(tourRole{following: e.UserID})
		s.busy(r.Follow(s.id, e.UserID, ref), ref)
	case pb.Guide_UNFOLLOW:
		s.unfollow(r)
	}
}

// unfollow ends the session's following, if any (asked for, or the person walked off).
func (s *Session) unfollow(r *room.Room) {
	s.tourMu.Lock()
	was := s.tour.following
	s.tour.following = ""
	s.tourMu.Unlock()
	if was != "" && r != nil {
		_ = r.Unfollow(s.id)
	}
}

func (s *Session) tourNow() tourRole {
	s.tourMu.Lock()
	defer s.tourMu.Unlock()
	return s.tour
}

func (s *Session) setTour(t tourRole) {
	s.tourMu.Lock()
	s.tour = t
	s.tourMu.Unlock()
}

// tourIn carries the session's part in a guided tour into room r, which it has just entered:
// a guide leads on there, a follower keeps following.
func (s *Session) tourIn(r *room.Room) {
	t := s.tourNow()
	switch {
	case t.guiding != "":
		_ = r.Guide(s.id, t.guiding)
	case t.following != "":
		_ = r.Follow(s.id, t.following, 0)
	}
}
