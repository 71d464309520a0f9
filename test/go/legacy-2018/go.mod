module grafana-shim/test/go/legacy-2018

go 1.21

// The go-plugin revision Grafana 5.2-6.1 vendored, with the grafana-plugin-model
// revision and dependency versions of that era (grpc 1.11, golang/protobuf 1.1).
require (
	github.com/golang/protobuf v1.1.0
	github.com/grafana/grafana-plugin-model v0.0.0-20180518082423-84176c64269d
	github.com/hashicorp/go-hclog v0.0.0-20180402200405-69ff559dc25f
	github.com/hashicorp/go-plugin v0.0.0-20180331002553-e8d22c780116
	google.golang.org/grpc v1.11.1
)

require (
	github.com/golang/glog v0.0.0-20160126235308-23def4e6c14b // indirect
	github.com/hashicorp/yamux v0.0.0-20180604194846-3520598351bb // indirect
	github.com/mitchellh/go-testing-interface v0.0.0-20171004221916-a61a99592b77 // indirect
	github.com/oklog/run v1.0.0 // indirect
	github.com/stretchr/testify v1.3.0 // indirect
	golang.org/x/net v0.0.0-20180826012351-8a410e7b638d // indirect
	golang.org/x/sync v0.0.0-20181221193216-37e7f081c4d4 // indirect
	golang.org/x/text v0.3.0 // indirect
	google.golang.org/genproto v0.0.0-20180514194645-7bb2a897381c // indirect
)

require grafana-shim/test/go/hostkit v0.0.0

replace grafana-shim/test/go/hostkit => ../hostkit

require grafana-shim/test/go/hostrun v0.0.0

replace grafana-shim/test/go/hostrun => ../hostrun
