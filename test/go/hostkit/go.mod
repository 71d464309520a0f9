module grafana-shim/test/go/hostkit

go 1.21

// The oldest versions any protocol-1 host uses: each host module's own (newer or
// equal) versions win, so every host keeps its era's libraries.
require (
	github.com/golang/protobuf v1.1.0
	github.com/grafana/grafana-plugin-model v0.0.0-20180518082423-84176c64269d
	github.com/hashicorp/go-hclog v0.0.0-20180402200405-69ff559dc25f
	github.com/hashicorp/go-plugin v0.0.0-20180331002553-e8d22c780116
	google.golang.org/grpc v1.11.1
)

require grafana-shim/test/go/hostrun v0.0.0

replace grafana-shim/test/go/hostrun => ../hostrun
