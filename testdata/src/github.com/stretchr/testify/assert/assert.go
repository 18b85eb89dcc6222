// Package assert is a minimal stub of github.com/stretchr/testify/assert:
// signatures only, for analysistest cases.
package assert

type TestingT interface {
	Errorf(format string, args ...interface{})
}

func Error(t TestingT, err error, msgAndArgs ...interface{}) bool   { return err != nil }
func NoError(t TestingT, err error, msgAndArgs ...interface{}) bool { return err == nil }
