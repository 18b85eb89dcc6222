// Package require is a minimal stub of github.com/stretchr/testify/require:
// signatures only, for analysistest cases.
package require

type TestingT interface {
	Errorf(format string, args ...interface{})
	FailNow()
}

func Error(t TestingT, err error, msgAndArgs ...interface{})                          {}
func ErrorIs(t TestingT, err, target error, msgAndArgs ...interface{})                {}
func ErrorContains(t TestingT, err error, contains string, msgAndArgs ...interface{}) {}
func NoError(t TestingT, err error, msgAndArgs ...interface{})                        {}
func True(t TestingT, value bool, msgAndArgs ...interface{})                          {}

type Assertions struct{ t TestingT }

func New(t TestingT) *Assertions { return &Assertions{t} }

func (a *Assertions) Error(err error, msgAndArgs ...interface{})   {}
func (a *Assertions) NoError(err error, msgAndArgs ...interface{}) {}
