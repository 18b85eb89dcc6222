package sqlapi

// This file recognizes the code ent generates, by its shape: ent writes it
// into the user's own module (any import path), so no table row can name
// it.
//
//	func (c *Client) Tx(ctx context.Context) (*Tx, error)
//	func (tx *Tx) Commit() error
//	func (tx *Tx) Rollback() error
//	func (tx *Tx) Client() *Client
//	type Client struct { config; User *UserClient; ... }
//	func (c *UserClient) Query() *UserQuery
//	func (uq *UserQuery) Where(ps ...predicate.User) *UserQuery
//	func (uq *UserQuery) All(ctx context.Context) ([]*User, error)
//
// A Client is a pool: its Tx (and BeginTx) begins a transaction, which
// the engine's structural rule recognizes (a method returning (*Tx, error)
// whose Tx has Commit and Rollback). The other types of its package are
// query builders bound to the Client or Tx they come from; their methods
// taking a context first run the statement.

import (
	"go/types"
	"sync"
)

// entClient is the class of an ent Client.
var entClient = Class{Kind: DB, Runs: []string{"Tx", "BeginTx", "Mutate", "ExecContext", "QueryContext"}}

// entBuilder is the builder row of the other types of an ent package.
var entBuilder = BuilderRow{RunsWithContext: true}

// entPackages remembers, per package, its ent Client type or nil.
var entPackages sync.Map // *types.Package -> *types.Named (nil: not ent)

// entClientOf returns the ent Client type of pkg, or nil.
func entClientOf(pkg *types.Package) *types.Named {
	if pkg == nil {
		return nil
	}
	if v, ok := entPackages.Load(pkg); ok {
		n, _ := v.(*types.Named)
		return n
	}
	n := entShape(pkg)
	if n == nil {
		entPackages.Store(pkg, nil)
	} else {
		entPackages.Store(pkg, n)
	}
	return n
}

func entShape(pkg *types.Package) *types.Named {
	client, ok := pkg.Scope().Lookup("Client").(*types.TypeName)
	if !ok {
		return nil
	}
	cn, ok := types.Unalias(client.Type()).(*types.Named)
	if !ok {
		return nil
	}
	if _, ok := cn.Underlying().(*types.Struct); !ok {
		return nil
	}
	tx, ok := pkg.Scope().Lookup("Tx").(*types.TypeName)
	if !ok {
		return nil
	}
	txPtr := types.NewPointer(tx.Type())
	cPtr := types.NewPointer(cn)
	method := func(t types.Type, name string) *types.Signature {
		obj, _, _ := types.LookupFieldOrMethod(t, false, pkg, name)
		fn, ok := obj.(*types.Func)
		if !ok {
			return nil
		}
		return fn.Signature()
	}
	sig := method(cPtr, "Tx")
	if sig == nil || sig.Params().Len() != 1 || !IsContext(sig.Params().At(0).Type()) || sig.Results().Len() != 2 ||
		!types.Identical(sig.Results().At(0).Type(), txPtr) {
		return nil
	}
	for _, end := range [...]string{"Commit", "Rollback"} {
		s := method(txPtr, end)
		if s == nil || s.Params().Len() != 0 || s.Results().Len() != 1 {
			return nil
		}
	}
	s := method(txPtr, "Client")
	if s == nil || s.Results().Len() != 1 || !types.Identical(s.Results().At(0).Type(), cPtr) {
		return nil
	}
	return cn
}

// entClass returns the class of n when it is an ent Client, or nil.
func entClass(n *types.Named) *Class {
	if c := entClientOf(n.Obj().Pkg()); c != nil && c.Obj() == n.Obj() {
		return &entClient
	}
	return nil
}

// entBuilderOf returns the builder row of n when it is a type of an ent
// package other than its Client and Tx, or nil.
func entBuilderOf(n *types.Named) *BuilderRow {
	c := entClientOf(n.Obj().Pkg())
	if c == nil || n.Obj() == c.Obj() || n.Obj().Name() == "Tx" {
		return nil
	}
	return &entBuilder
}
