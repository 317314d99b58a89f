//go:build !linux

package voice

import "net"

// batchSender elsewhere than Linux leaves every datagram to batchConn.send, which writes them one
// by one.
type batchSender struct{}

type sysBatch struct{}

func newBatchSender(*net.UDPConn) *batchSender { return &batchSender{} }

func (*batchSender) send(*sendBatch) (sent int) { return 0 }
func (*batchSender) close()                     {}
