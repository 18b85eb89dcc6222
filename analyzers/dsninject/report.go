package dsninject

// This file reports a chain of assemblies: where, in which words, with
// which fix.

import (
	"fmt"
	"go/ast"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/dbpoollint/dbpoollint/internal/assembly"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// report reports one chain of assemblies, once, at its first assembly.
func (st *state) report(f *finding) {
	slices.SortFunc(f.asms, func(x, y *assembly.Assembly) int { return int(x.Site.Pos() - y.Site.Pos()) })
	f.asms = slices.CompactFunc(f.asms, func(x, y *assembly.Assembly) bool { return x.Site == y.Site })
	a := f.asms[0]
	shape, _ := sqlapi.ShapeOfDSN(a.Template())
	d := f.dialect
	if d == sqlapi.UnknownDialect {
		d = shape.Dialect
	}
	form := formOf(shape, a)
	risk, build := sqlapi.DSNRisk(d, form)
	req := st.fromRequest(f.asms, f.sinks)
	if !req {
		// The operator's configuration: no injection, a rotated password
		// breaks it; escaping the password on the way is the fix.
		for _, x := range f.asms {
			if st.escapesPassword(x, formOf(shape, x)) {
				return
			}
		}
		risk, build = breakage(d, form, st.valueTemplate(a), f.pgx)
		if risk == "" {
			return // go-sql-driver's parser takes any password and address
		}
	}
	switch {
	case a.RawQuery && req:
		risk, build = "& or = in a value can add options", "build RawQuery with url.Values"
	case a.RawQuery:
		risk, build = "a value with & or # breaks the options", "build RawQuery with url.Values"
	case shape.Form == sqlapi.UnknownForm && form == sqlapi.URLForm && req:
		// Query parameters appended to a URL from elsewhere.
		risk, build = "& or = in a value can add options", "build the query with url.Values"
	case shape.Form == sqlapi.UnknownForm && form == sqlapi.URLForm:
		risk, build = "a value with & or # breaks the options", "build the query with url.Values"
	case form == sqlapi.KeywordForm && f.pgx && req:
		build = "set the fields of ParseConfig's result"
	}
	diag := analysis.Diagnostic{
		Pos:      a.Site.Pos(),
		End:      a.Site.End(),
		Category: CategoryAssembled,
		Message:  message(fmt.Sprintf("DSN for %s built from ", f.sinks[0].name), a.Values(), risk, build),
	}
	for _, other := range f.asms[1:] {
		diag.Related = append(diag.Related, analysis.RelatedInformation{Pos: other.Site.Pos(), End: other.Site.End(), Message: "the DSN is also assembled here, from " + operands(other.Values())})
	}
	for _, r := range f.sinks {
		if !within(r.arg, a.Site) {
			diag.Related = append(diag.Related, analysis.RelatedInformation{Pos: r.arg.Pos(), End: r.arg.End(), Message: "the DSN reaches " + r.name + " here"})
		}
	}
	for k, site := range a.Sites {
		if k == 3 {
			break
		}
		diag.Related = append(diag.Related, analysis.RelatedInformation{Pos: site.Pos(), End: site.End(), Message: "part of the DSN is assembled here"})
	}
	if len(f.asms) == 1 && (d == sqlapi.MySQL || d == sqlapi.UnknownDialect) {
		if fix := st.mysqlFix(a); fix != nil {
			diag.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
	}
	st.pass.Report(diag)
}

// queryParam matches a URL query parameter: ?key= or &key=.
var queryParam = regexp.MustCompile(`[?&][A-Za-z_][A-Za-z0-9_.-]*=`)

// formOf returns the syntax family of an assembly: its shape's; for a
// template with ?key= or &key=, a URL's query; for a template with = and no
// URL scheme, key=value.
func formOf(shape sqlapi.DSNShape, a *assembly.Assembly) sqlapi.DSNForm {
	if shape.Form != sqlapi.UnknownForm {
		return shape.Form
	}
	t := a.Template()
	if queryParam.MatchString(t) {
		return sqlapi.URLForm // "&search_path=" appended to a URL
	}
	if strings.Contains(t, "=") && !strings.Contains(t, "://") && !strings.Contains(t, "@") {
		return sqlapi.KeywordForm
	}
	return sqlapi.UnknownForm
}

func within(n, outer ast.Node) bool {
	return outer.Pos() <= n.Pos() && n.End() <= outer.End()
}

// operands lists the operands a message names.
func operands(vals []ast.Expr) string { return operandsWithin(vals, 44) }

// message writes "<head><operands>: <risk>; <build>" within 160 characters,
// naming fewer operands (at least one) when the words need the room.
func message(head string, vals []ast.Expr, risk, build string) string {
	tail := ": " + risk + "; " + build
	budget := min(44, 160-len(head)-len(tail)-len(" and 99 more"))
	return head + operandsWithin(vals, max(budget, 1)) + tail
}

// operandsWithin lists the operands a message names, within budget
// characters of names (the first is always named).
func operandsWithin(vals []ast.Expr, budget int) string {
	var names []string
	n := 0
	for i, v := range vals {
		s := types.ExprString(v)
		if len(s) > budget {
			s = s[:budget-3] + "..."
		}
		if i > 0 && (i == 2 || n+len(s) > budget) {
			names[len(names)-1] += fmt.Sprintf(" and %d more", len(vals)-i)
			break
		}
		names = append(names, s)
		n += len(s)
	}
	return strings.Join(names, ", ")
}
