//go:build js

package voice

// Engine is the WebRTC machinery. In the browser, voice will go through the browser's own
// RTCPeerConnection and media devices; until then this build has none.
type Engine struct{}

// NewEngine reports that this build has no WebRTC.
func NewEngine(EngineConfig) (*Engine, error) { return nil, ErrNoWebRTC }

func (e *Engine) newPeer(peerEvents, []ICEServer) (peer, error) { return nil, ErrNoWebRTC }
