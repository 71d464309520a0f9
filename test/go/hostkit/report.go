// Package hostkit is what the protocol-1 Go hosts share: the flags, starting the plugin
// as a go-plugin host, reading request files, reporting results and the load mode. It
// compiles against every era's libraries, so each host module keeps its own go-plugin,
// hclog, grpc and protobuf versions.
package hostkit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/ioutil"
	"reflect"

	"github.com/golang/protobuf/jsonpb"
	"github.com/golang/protobuf/proto"
	"github.com/grafana/grafana-plugin-model/go/datasource"
	"google.golang.org/grpc/status"
)

// ReadRequests reads a JSON array of DatasourceRequest in the proto's JSON names.
func ReadRequests(path string) ([]*datasource.DatasourceRequest, error) {
	text, err := ioutil.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var items []json.RawMessage
	if err := json.Unmarshal(text, &items); err != nil {
		return nil, fmt.Errorf("%s: not a JSON array: %v", path, err)
	}
	requests := make([]*datasource.DatasourceRequest, 0, len(items))
	for i, item := range items {
		req := &datasource.DatasourceRequest{}
		if err := jsonpb.Unmarshal(bytes.NewReader(item), req); err != nil {
			return nil, fmt.Errorf("%s: request %d: %v", path, i, err)
		}
		requests = append(requests, req)
	}
	return requests, nil
}

// ResultEntry is {"response": ...} or {"grpcError": {"code", "message"}}.
func ResultEntry(resp *datasource.DatasourceResponse, err error) map[string]interface{} {
	if err != nil {
		st, _ := status.FromError(err)
		return map[string]interface{}{
			"grpcError": map[string]string{"code": st.Code().String(), "message": st.Message()},
		}
	}
	marshaler := jsonpb.Marshaler{OrigName: true, EmitDefaults: true}
	text, err := marshaler.MarshalToString(resp)
	if err != nil {
		return map[string]interface{}{"marshalError": err.Error()}
	}
	entry := map[string]interface{}{"response": json.RawMessage(text)}
	// Fields the schema does not know are invisible in JSON: name where they were.
	if unknown := unknownFields(reflect.ValueOf(resp), "response"); len(unknown) > 0 {
		entry["unknownFields"] = unknown
	}
	return entry
}

func unknownFields(v reflect.Value, path string) []string {
	if v.Kind() == reflect.Ptr {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil
	}
	var found []string
	for i := 0; i < v.NumField(); i++ {
		field, name := v.Field(i), v.Type().Field(i).Name
		switch {
		case name == "XXX_unrecognized" && field.Len() > 0:
			found = append(found, path)
		case field.Kind() == reflect.Ptr && field.Type().Implements(messageType):
			found = append(found, unknownFields(field, path+"."+name)...)
		case field.Kind() == reflect.Slice && field.Type().Elem().Implements(messageType):
			for j := 0; j < field.Len(); j++ {
				found = append(found, unknownFields(field.Index(j), fmt.Sprintf("%s.%s[%d]", path, name, j))...)
			}
		}
	}
	return found
}

var messageType = reflect.TypeOf((*proto.Message)(nil)).Elem()
