package main

import (
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"
)

// grpcErrorOf gives code, message and the error source newer Grafana reads from a
// google.rpc.ErrorInfo detail.
func grpcErrorOf(err error) map[string]interface{} {
	st, _ := status.FromError(err)
	entry := map[string]interface{}{"code": st.Code().String(), "message": st.Message()}
	for _, detail := range st.Details() {
		if info, ok := detail.(*errdetails.ErrorInfo); ok {
			entry["errorSource"] = info.GetMetadata()["errorSource"]
		}
	}
	return entry
}
