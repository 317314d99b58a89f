package presence_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/embassy-project/embassy/internal/redistest"
	"github.com/embassy-project/embassy/server/presence"
)

// The figure: presence cost of 10,000 online users across 3 nodes sharing one Redis.
//
//	go test -run '^$' -bench BenchmarkRedisPresence -benchtime 3s ./server/presence/
//
// Metrics per op: redis_cmds (total_commands_processed, which counts the commands a Lua script
// makes as well as the script call), redis_cpu_ms (redis-server user+sys CPU) and node_cpu_ms (this
// process, i.e. all the nodes' client side). The heartbeat benchmarks also give the steady rate at
// the default 5 s interval (redis_cmds/s, redis_cpu_%).

const (
	benchUsers = 10000
	benchNodes = 3
)

func BenchmarkRedisPresence(b *testing.B) {
	srv := redistest.Start(b)
	ctx := context.Background()
	stores := make([]*presence.Redis, benchNodes)
	for i := range stores {
		s, err := presence.NewRedis(ctx, srv.URL(), fmt.Sprintf("node-%d", i), quietLog())
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	one, err := presence.NewRedis(ctx, srv.URL(), "big", quietLog(), presence.WithKeyPrefix("bench-one:"))
	if err != nil {
		b.Fatal(err)
	}
	defer one.Close()
	fill(b, func(i int) *presence.Redis { return stores[i%benchNodes] }, "u")
	fill(b, func(int) *presence.Redis { return one }, "big")
	info := redis.NewClient(&redis.Options{Addr: srv.Addr()})
	defer info.Close()
	// Nothing runs the heartbeat loops here; each sub-benchmark refreshes the TTLs (15 s) first,
	// outside the measurement, so that no user expires during a run.
	refresh := func(b *testing.B) {
		for _, s := range append(stores, one) {
			if err := s.Heartbeat(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}

	b.Run("heartbeat_3nodes_10k_users", func(b *testing.B) {
		refresh(b)
		m := startMeasure(b, info)
		for range b.N {
			var wg sync.WaitGroup
			for _, s := range stores {
				wg.Go(func() {
					if err := s.Heartbeat(ctx); err != nil {
						b.Error(err)
					}
				})
			}
			wg.Wait()
		}
		m.stop(b, info, 5*time.Second)
	})
	b.Run("heartbeat_1node_10k_users", func(b *testing.B) {
		refresh(b)
		m := startMeasure(b, info)
		for range b.N {
			if err := one.Heartbeat(ctx); err != nil {
				b.Fatal(err)
			}
		}
		m.stop(b, info, 5*time.Second)
	})
	b.Run("join_leave", func(b *testing.B) { // one op = one Add and one Remove, on 3 nodes in parallel
		var seq atomic.Int64
		refresh(b)
		m := startMeasure(b, info)
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				n := seq.Add(1)
				s := stores[n%benchNodes]
				id := "j" + strconv.FormatInt(n, 10)
				if err := s.Add(ctx, presence.Entry{UserID: id, Name: "Joiner " + id, Role: "visitor", Room: "hall"}); err != nil {
					b.Error(err)
					return
				}
				if err := s.Remove(ctx, id); err != nil {
					b.Error(err)
					return
				}
			}
		})
		m.stop(b, info, 0)
	})
	b.Run("set_room", func(b *testing.B) {
		var seq atomic.Int64
		refresh(b)
		m := startMeasure(b, info)
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				n := seq.Add(1)
				if err := stores[n%benchNodes].SetRoom(ctx, fmt.Sprintf("u%d", n%benchUsers), "library"); err != nil {
					b.Error(err)
					return
				}
			}
		})
		m.stop(b, info, 0)
	})
	b.Run("list_10k_users", func(b *testing.B) {
		refresh(b)
		m := startMeasure(b, info)
		for range b.N {
			l, err := stores[0].List(ctx)
			if err != nil || len(l) != benchUsers {
				b.Fatalf("List: %d users, %v", len(l), err)
			}
		}
		m.stop(b, info, 0)
	})
}

// fill puts benchUsers users online, user i on store(i).
func fill(b *testing.B, store func(i int) *presence.Redis, prefix string) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range 32 {
		wg.Go(func() {
			for i := range next {
				e := presence.Entry{UserID: fmt.Sprintf("%s%d", prefix, i), Name: fmt.Sprintf("Visitor %s%d", prefix, i), Role: "visitor", Room: "hall"}
				if err := store(i).Add(context.Background(), e); err != nil {
					b.Error(err)
				}
			}
		})
	}
	for i := range benchUsers {
		next <- i
	}
	close(next)
	wg.Wait()
}

type measure struct {
	start          time.Time
	cmds           int64
	redisCPU, node time.Duration
}

func startMeasure(b *testing.B, c *redis.Client) measure {
	cmds, cpu := redisStats(b, c)
	b.ResetTimer()
	return measure{start: time.Now(), cmds: cmds, redisCPU: cpu, node: selfCPU()}
}

// stop reports the metrics per op; with interval > 0 also the steady rate at one op per interval.
func (m measure) stop(b *testing.B, c *redis.Client, interval time.Duration) {
	b.StopTimer()
	elapsed := time.Since(m.start)
	node := selfCPU() - m.node
	cmds, cpu := redisStats(b, c)
	cmds-- // the first INFO call
	n := float64(b.N)
	perOpCmds := float64(cmds-m.cmds) / n
	perOpCPU := (cpu - m.redisCPU).Seconds() * 1000 / n
	b.ReportMetric(perOpCmds, "redis_cmds/op")
	b.ReportMetric(perOpCPU, "redis_cpu_ms/op")
	b.ReportMetric(node.Seconds()*1000/n, "node_cpu_ms/op")
	b.ReportMetric(n/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(cmds-m.cmds)/elapsed.Seconds(), "redis_cmds/s_flat_out")
	if interval > 0 {
		b.ReportMetric(perOpCmds/interval.Seconds(), "redis_cmds/s_at_5s")
		b.ReportMetric(perOpCPU/float64(interval.Milliseconds())*100, "redis_cpu_%_at_5s")
	}
}

// redisStats reads total_commands_processed and redis-server's CPU time (user+sys).
func redisStats(b *testing.B, c *redis.Client) (cmds int64, cpu time.Duration) {
	s, err := c.Info(context.Background(), "stats", "cpu").Result()
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(s, "\r\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch k {
		case "total_commands_processed":
			cmds, _ = strconv.ParseInt(v, 10, 64)
		case "used_cpu_user", "used_cpu_sys":
			f, _ := strconv.ParseFloat(v, 64)
			cpu += time.Duration(f * float64(time.Second))
		}
	}
	return cmds, cpu
}

// selfCPU is this process's CPU time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
