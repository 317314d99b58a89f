package gateway

import (
	"context"
	"time"

	"github.com/embassy-project/embassy/server/moderation"
	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Events is what the gateway asks of the events service for what goes through the store: an
// event's questions. It answers in words fit to show (errors wrap moderation's sentinels).
type Events interface {
	Ask(ctx context.Context, r *room.Room, asker moderation.Actor, text string) error
	Vote(ctx context.Context, r *room.Room, voter moderation.Actor, question int64) error
	Answer(ctx context.Context, r *room.Room, host moderation.Actor, question int64) error
}

// SetEvents gives the gateway the events service; without one, questions are refused. Call
// before serving.
func (g *Gateway) SetEvents(e Events) { g.events = e }

const (
	sayNoEventHere = "No event is running in this room."
	sayNoQuestions = "Questions are not available on this server."
)

// eventAction carries out an EventAction in the session's room.
func (s *Session) eventAction(a *pb.EventAction, now time.Time) {
	ref := a.GetRef()
	r := s.room.Load()
	switch {
	case r == nil:
		s.refuse(refusedInvalid, ref, "join a room first", nil)
		return
	case r.Event() == nil:
		s.refuse(refusedInvalid, ref, sayNoEventHere, nil)
		return
	}
	switch a.GetKind() {
	case pb.EventAction_ASK, pb.EventAction_VOTE, pb.EventAction_ANSWER:
		s.question(r, a, now)
	default:
		if !s.actions.take(now) {
			s.refuse(refusedRate, ref, "slow down: too many requests", nil)
			return
		}
		s.busy(r.EventAct(s.id, a), ref)
	}
}

// question asks, votes for or answers a question, through the store.
func (s *Session) question(r *room.Room, a *pb.EventAction, now time.Time) {
	ref := a.GetRef()
	if s.g.events == nil {
		s.refuse(refusedNotAllowed, ref, sayNoQuestions, nil)
		return
	}
	if a.GetKind() != pb.EventAction_ASK && !s.actions.take(now) { // votes and answers
		s.refuse(refusedRate, ref, "slow down: too many requests", nil)
		return
	}
	if a.GetKind() == pb.EventAction_ASK && !s.chats.take(now) { // a question is a line of chat
		s.refuse(refusedRate, ref, s.chatLimitReason(), nil)
		return
	}
	if a.GetKind() == pb.EventAction_ASK {
		if why := s.mutes.Load().chatMuted(now); why != "" {
			s.refuse(refusedNotAllowed, ref, why, nil)
			return
		}
		if msg := protocol.ChatTextError(a.GetText()); msg != "" {
			s.refuse(refusedInvalid, ref, msg, nil)
			return
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var err error
	switch a.GetKind() {
	case pb.EventAction_ASK:
		err = s.g.events.Ask(ctx, r, s.actor(), a.GetText())
	case pb.EventAction_VOTE:
		err = s.g.events.Vote(ctx, r, s.actor(), a.GetQuestion())
	case pb.EventAction_ANSWER:
		if !r.Event().HostedBy(s.profile) {
			s.refuse(refusedNotAllowed, ref, "only the event's hosts may mark a question answered", nil)
			return
		}
		err = s.g.events.Answer(ctx, r, s.actor(), a.GetQuestion())
	}
	if err != nil {
		s.modRefused(ref, err)
	}
}
