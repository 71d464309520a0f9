package main

import (
	"context"
	"net"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// runDisconnect is a host that goes away mid-stream: RunStream on a connection of its own,
// and after n packets that connection's socket is closed under gRPC (no cancel, no GOAWAY).
// The plugin's main connection stays up for the calls that follow.
func runDisconnect(ctx context.Context, addr net.Addr, pc *pluginv2.PluginContext, path string, n int, payload []byte) map[string]interface{} {
	socket := &lastConn{}
	conn, err := grpc.NewClient("passthrough:///plugin",
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
			var d net.Dialer
			c, err := d.DialContext(ctx, addr.Network(), addr.String())
			if err == nil {
				socket.set(c)
			}
			return c, err
		}))
	if err != nil {
		return map[string]interface{}{"dialError": err.Error()}
	}
	defer conn.Close()
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := pluginv2.NewStreamClient(conn).RunStream(runCtx, &pluginv2.RunStreamRequest{PluginContext: pc, Path: path, Data: payload})
	if err != nil {
		return map[string]interface{}{"runError": grpcErrorOf(err)}
	}
	report := map[string]interface{}{}
	packets := 0
	for packets < n {
		if _, err := stream.Recv(); err != nil {
			report["runError"] = grpcErrorOf(err)
			break
		}
		packets++
	}
	report["packets"] = packets
	report["socketClosed"] = socket.close()
	// What the client side then sees, briefly: the plugin is not expected to say anything.
	done := make(chan error, 1)
	go func() {
		for {
			if _, err := stream.Recv(); err != nil {
				done <- err
				return
			}
		}
	}()
	select {
	case err := <-done:
		report["afterClose"] = grpcErrorOf(err)["code"]
	case <-time.After(2 * time.Second):
		report["afterClose"] = "no end within 2 s"
	}
	return report
}

// lastConn keeps the socket gRPC dialled, so that it can be closed behind gRPC's back.
type lastConn struct {
	mu   sync.Mutex
	conn net.Conn
}

func (l *lastConn) set(c net.Conn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.conn = c
}

func (l *lastConn) close() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.conn != nil && l.conn.Close() == nil
}
