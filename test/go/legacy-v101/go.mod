module grafana-shim/test/go/legacy-v101

go 1.21

require (
	github.com/golang/protobuf v1.2.0
	github.com/grafana/grafana-plugin-model v0.0.0-20190930120109-1fc953a61fb4
	github.com/hashicorp/go-hclog v0.0.0-20180709165350-ff2cf002a8dd
	github.com/hashicorp/go-plugin v1.0.1
	google.golang.org/grpc v1.14.0
)

require (
	github.com/hashicorp/yamux v0.0.0-20181012175058-2f1d1f20f75d // indirect
	github.com/mitchellh/go-testing-interface v0.0.0-20171004221916-a61a99592b77 // indirect
	github.com/oklog/run v1.0.0 // indirect
	golang.org/x/net v0.0.0-20180826012351-8a410e7b638d // indirect
	golang.org/x/sys v0.0.0-20190129075346-302c3dd5f1cc // indirect
	golang.org/x/text v0.3.0 // indirect
	google.golang.org/genproto v0.0.0-20180817151627-c66870c02cf8 // indirect
)

require grafana-shim/test/go/hostkit v0.0.0

replace grafana-shim/test/go/hostkit => ../hostkit

require grafana-shim/test/go/hostrun v0.0.0

replace grafana-shim/test/go/hostrun => ../hostrun
