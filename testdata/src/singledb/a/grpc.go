package a

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"google.golang.org/grpc"

	"singledb/pb"
)

type ordersServer struct {
	pb.UnimplementedOrdersServer
	db *sql.DB
}

// NewOrdersServer opens the pool once and stores it: silent.
func NewOrdersServer(dsn string) (*ordersServer, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	return &ordersServer{db: db}, nil
}

func (s *ordersServer) GetOrder(ctx context.Context, req *pb.GetOrderRequest) (*pb.Order, error) {
	db, err := sql.Open("postgres", dsn) // want `^sql\.Open in this gRPC method opens a pool per request, so connections multiply under load; open one at startup$`
	if err != nil {
		return nil, err
	}
	defer db.Close()
	o := &pb.Order{Id: req.Id}
	err = db.QueryRowContext(ctx, "SELECT amount FROM orders WHERE id = $1", req.Id).Scan(&o.Amount)
	return o, err
}

func (s *ordersServer) ListOrders(req *pb.ListOrdersRequest, stream grpc.ServerStreamingServer[pb.Order]) error {
	pool, err := pgxpool.New(stream.Context(), dsn) // want `^pgxpool\.New in this gRPC method opens a pool per request, so connections multiply under load; open one at startup$`
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := pool.Ping(stream.Context()); err != nil {
		return err
	}
	o, err := s.lookup(stream.Context(), req.Customer) // want `^lookup opens a pool per call, so one per request in this gRPC method: connections multiply under load; pass it a \*sqlx\.DB$`
	if err != nil {
		return err
	}
	return stream.Send(o)
}

// lookup is an unexported helper: not an RPC, but a per-call pool.
func (s *ordersServer) lookup(ctx context.Context, id string) (*pb.Order, error) {
	db, err := sqlx.Connect("postgres", dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	o := &pb.Order{Id: id}
	return o, db.GetContext(ctx, &o.Amount, "SELECT amount FROM orders WHERE id = $1", id)
}

// The idiomatic twin: the pool stored on the server struct.
type sharedOrdersServer struct {
	pb.UnimplementedOrdersServer
	db *sql.DB
}

func (s *sharedOrdersServer) GetOrder(ctx context.Context, req *pb.GetOrderRequest) (*pb.Order, error) {
	o := &pb.Order{Id: req.Id}
	err := s.db.QueryRowContext(ctx, "SELECT amount FROM orders WHERE id = $1", req.Id).Scan(&o.Amount)
	return o, err
}

// A legacy service: no Unimplemented type to embed, registered below.
type inventoryServer struct{}

func (inventoryServer) Reserve(ctx context.Context, req *pb.ReserveRequest) (*pb.ReserveReply, error) {
	db := sqlx.MustConnect("postgres", dsn) // want `^sqlx\.MustConnect in this gRPC method opens a pool per request, so connections multiply under load; open one at startup$`
	defer db.Close()
	return &pb.ReserveReply{Ok: true}, nil
}

func registerServices(s *grpc.Server, shared *sql.DB) {
	pb.RegisterOrdersServer(s, &sharedOrdersServer{db: shared})
	pb.RegisterInventoryServer(s, inventoryServer{})
}
