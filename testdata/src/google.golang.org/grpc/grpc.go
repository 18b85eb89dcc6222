// Package grpc is a minimal stub of google.golang.org/grpc.
package grpc

import "context"

// MD stands in for metadata.MD.
type MD map[string][]string

type ServiceDesc struct {
	ServiceName string
	HandlerType any
}

type ServiceRegistrar interface {
	RegisterService(desc *ServiceDesc, impl any)
}

type ServerOption interface{}

type Server struct{}

func NewServer(opt ...ServerOption) *Server               { return &Server{} }
func (s *Server) RegisterService(sd *ServiceDesc, ss any) {}
func (s *Server) Serve(lis any) error                     { return nil }

type ServerStream interface {
	SetHeader(MD) error
	SendHeader(MD) error
	SetTrailer(MD)
	Context() context.Context
	SendMsg(m any) error
	RecvMsg(m any) error
}

type ServerStreamingServer[Res any] interface {
	Send(*Res) error
	ServerStream
}
