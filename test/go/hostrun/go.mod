module grafana-shim/test/go/hostrun

go 1.21
