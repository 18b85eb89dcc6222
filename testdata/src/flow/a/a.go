// Package a holds the cases of the flow layer's own test: a probe reports
// what the layer says of functions, calls and variables.
package a

import (
	"database/sql"
	"log"
	"os"
)

func produce() (int, error) { return 0, nil } // want `func produce params=0 results=2`

func one() int { return 0 } // want `func one params=0 results=1`

func use(...any) {} // want `func use params=1 results=0`

var global int

type T struct{ f int }

// die never returns: the paths through its calls end there.
func die(msg string) { // want `func die params=1 results=0 noreturn`
	log.Fatal(msg)
}

// dieTwice never returns either, through die.
func dieTwice() { die("a"); die("b") } // want `func dieTwice params=0 results=0 noreturn`

func loop() { // want `func loop params=0 results=0 noreturn`
	for {
	}
}

func recursive(n int) int { // want `func recursive params=1 results=1`
	if n == 0 {
		return 0
	}
	return recursive(n - 1)
}

func dests(t *T, m map[string]int, ch chan int) (r int) { // want `func dests params=3 results=1`
	produce()               // want `dest=dropped`
	_, _ = produce()        // want `dest=blank`
	x, err := produce()     // want `dest=bound:x`
	t.f, err = produce()    // want `dest=stored`
	global, err = produce() // want `dest=bound:global`
	m["k"], err = produce() // want `dest=stored`
	n, y := 10, one()       // want `dest=bound:y`
	var z = one()           // want `dest=bound:z`
	var p, q = produce()    // want `dest=bound:p`
	use(one())              // want `dest=argument:0`
	ch <- one()             // want `dest=elsewhere`
	_ = one() + 1           // want `dest=elsewhere`
	r = one()               // want `dest=bound:r`
	use(x, err, n, y, z, p, q)
	return one() // want `dest=returned`
}

// Assignments pair targets and values one to one, or take the results of
// one multi-valued expression together.
func assigns() { // want `func assigns params=0 results=0`
	a, b := 1, 2         // want `assign a=1 b=2`
	c, err := produce()  // want `assign c<produce\(\)\[0\] err<produce\(\)\[1\]`
	var d, e int         // want `assign d e`
	var f, g = produce() // want `assign f<produce\(\)\[0\] g<produce\(\)\[1\]`
	a += b               // want `assign a=b`
	use(a, b, c, d, e, f, g, err)
}

// Reaching definitions, paths that end in a never-returning call aside.
func reaching(s string, ok bool) { // want `func reaching params=2 results=0`
	x := "a"
	if ok {
		x = s
	}
	use(x) // want `reaching x: 72 74`
	y := "b"
	if !ok {
		y = s
		die("no")
	}
	use(y) // want `reaching y: 77`
	use(s) // want `reaching s: entry`
	for _, v := range []string{s} {
		use(v) // want `reaching v: 84`
	}
	z := "c"
	func() {
		use(z) // want `reaching z: entry`
	}()
}

// Locals are the function's own parameters and variables, not named
// results, globals, fields, or an enclosing function's variables.
func locals(p int, db *sql.DB) (named int) { // want `func locals params=2 results=1`
	v := 1
	use(p, v, named, global, os.Args) // want `local p` `local v` `not local named` `not local global` `not local Args`
	func() {
		w := 2
		use(w, v) // want `local w` `not local v`
	}()
	return 0
}
