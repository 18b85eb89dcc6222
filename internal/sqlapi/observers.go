package sqlapi

import (
	"go/types"
	"strings"
)

// IsObserver reports whether fn certainly does not keep the values it is
// given: it formats, logs or asserts on them and lets them go. A handle
// passed to one is still its owner's to release.
//
//   - fmt's Print, Sprint, Fprint, Append and Errorf families;
//   - log's Print, Fatal and Panic families, as functions and as methods
//     of *log.Logger;
//   - log/slog's Debug, Info, Warn, Error and Log (and their Context forms),
//     as functions and as methods of *slog.Logger, and slog.Any;
//   - the functions of testify's assert and require, and the methods of
//     their Assertions.
func IsObserver(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	name := fn.Name()
	recv := ""
	if r := fn.Signature().Recv(); r != nil {
		n := namedOf(r.Type())
		if n == nil {
			return false
		}
		recv = n.Obj().Name()
	}
	switch fn.Pkg().Path() {
	case "fmt":
		return recv == "" && (hasAnyPrefix(name, "Print", "Sprint", "Fprint", "Append") || name == "Errorf")
	case "log":
		return (recv == "" || recv == "Logger") && hasAnyPrefix(name, "Print", "Fatal", "Panic")
	case "log/slog":
		switch name {
		case "Debug", "Info", "Warn", "Error", "Log", "DebugContext", "InfoContext", "WarnContext", "ErrorContext", "LogAttrs":
			return recv == "" || recv == "Logger"
		case "Any":
			return recv == ""
		}
	case "github.com/stretchr/testify/assert", "github.com/stretchr/testify/require":
		return recv == "" || recv == "Assertions"
	}
	return false
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
