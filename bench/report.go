package main

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// generatedMarker separates the hand-written top of RESULTS.md, kept by
// -update, from the generated report below it.
const generatedMarker = "<!-- bench:generated: everything below is rewritten by `bench/run -update`; verdicts are kept -->"

const (
	triageOursMarker  = "<!-- triage:dbpoollint -->"
	triagePeersMarker = "<!-- triage:peers -->"
	// triageSummaryMarker is replaced by the verdict counts.
	triageSummaryMarker = "<!-- triage:summary -->"
)

// The cost goal: the whole suite within goalWall of the floor's wall time
// (CPU time is held to the same ratio) and goalRSS of its peak memory.
const (
	goalWall = 1.1
	goalRSS  = 1.25
)

// The verdicts of the triage tables. A debatable finding is one a
// maintainer would shrug at: not wrong, not worth a change. The peers'
// table also uses style (the peer's own stricter rule, not a defect by
// dbpoollint's) and n/a (out of dbpoollint's scope).
const (
	verdictTP        = "TP"
	verdictFP        = "FP"
	verdictDebatable = "debatable"
)

// summary is the measured cost of one tool.
type summary struct {
	tool                *tool
	wallMed, wallMin    time.Duration
	cpuMed              time.Duration
	rssMed              int64
	findings            map[string]int // per analyzer, first round
	analysisErrs, crash int
	untriaged           int // findings out of the triage's scope (see triaged)
}

func summarize(b *bench) []*summary {
	var out []*summary
	for _, t := range b.tools {
		runs := b.runs[t.key]
		if len(runs) == 0 {
			continue
		}
		s := &summary{tool: t, findings: map[string]int{}}
		var walls, cpus []time.Duration
		var rsss []int64
		for _, r := range runs {
			walls = append(walls, r.wall)
			cpus = append(cpus, r.cpu)
			rsss = append(rsss, r.maxRSS)
			if r.crash != "" || r.exit != 0 {
				s.crash++
			}
		}
		s.wallMed, s.wallMin = median(walls), slices.Min(walls)
		s.cpuMed = median(cpus)
		s.rssMed = median(rsss)
		for _, f := range runs[0].findings {
			s.findings[f.analyzer]++
			if !triaged(t.key, f) {
				s.untriaged++
			}
		}
		s.analysisErrs = len(runs[0].errs)
		out = append(out, s)
	}
	return out
}

func median[T int64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func report(env *environment, b *bench, modules []string, profiles []profile, smoke bool, elapsed time.Duration) string {
	var w strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&w, format, args...) }
	mode := "full"
	if smoke {
		mode = "smoke"
	}

	p("%s\n\n", generatedMarker)
	p("## Latest run (%s)\n\n", mode)
	p("| | |\n|---|---|\n")
	p("| date | %s |\n", env.date)
	p("| Go | %s |\n", env.goVersion)
	p("| machine | %d cores, %s RAM, %s; load average at start %s |\n", env.cores, env.memory, env.cpu, env.load)
	p("| checkout | %s |\n", env.checkout)
	p("| x/tools | %s (dbpoollint, the floors and the peers) |\n", env.xtools)
	p("| peers | %s |\n", strings.Join(env.peers, ", "))
	p("| corpus | %d packages that import database/sql, pgx (v5, v4, pgxpool) or sqlx, of %d modules, + database/sql; `-test=false` |\n", len(b.targets)-1, len(modules))
	p("| rounds | %d per tool, order rotated each round, after one untimed warm-up run of the floor |\n", b.rounds)
	p("| bench wall time | %s |\n\n", elapsed.Round(time.Second))

	sums := summarize(b)
	var floor, ours *summary
	for _, s := range sums {
		switch s.tool.key {
		case keyFloor:
			floor = s
		case keyDBPoolLint:
			ours = s
		}
	}
	p("### Cost\n\n")
	p("Whole process, standalone checker, `-json -test=false`, same targets. Wall and CPU (user+sys of the process tree) are medians; ")
	p("peak RSS is the median over runs of the largest process of the tree (the checker or the `go list` it runs).\n\n")
	p("| tool | wall | wall min | CPU | peak RSS | wall ÷ floor | CPU ÷ floor | RSS ÷ floor | wall ÷ dbpoollint | findings | failed runs |\n")
	p("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|\n")
	for _, s := range sums {
		p("| %s | %.2f s | %.2f s | %.2f s | %s | %s | %s | %s | %s | %s | %d |\n",
			s.tool.key, s.wallMed.Seconds(), s.wallMin.Seconds(), s.cpuMed.Seconds(), fmtRSS(s.rssMed),
			ratio(float64(s.wallMed), float64(floor.wallMed)), ratio(float64(s.cpuMed), float64(floor.cpuMed)),
			ratio(float64(s.rssMed), float64(floor.rssMed)), ratio(float64(s.wallMed), float64(ours.wallMed)),
			fmtFindings(s), s.crash)
	}
	p("\n")
	for _, s := range sums {
		p("- **%s**: %s\n", s.tool.key, s.tool.title)
	}
	p("\n")
	wr, rr := float64(ours.wallMed)/float64(floor.wallMed), float64(ours.rssMed)/float64(floor.rssMed)
	cr := float64(ours.cpuMed) / float64(floor.cpuMed)
	p("Goal: the whole suite within %.2gx of the floor's wall time and %.3gx its peak memory. ", goalWall, goalRSS)
	p("This run: wall %.2fx (%s), peak RSS %.2fx (%s); CPU time %.2fx (%s), the steadier number on a shared machine",
		wr, goal(wr, goalWall), rr, goal(rr, goalRSS), cr, goal(cr, goalWall))
	var slower []string
	for _, s := range sums {
		if s.tool.key != keyFloor && s.tool.key != keyDBPoolLint && s.tool.key != keyFloorFacts && s.wallMed <= ours.wallMed {
			slower = append(slower, s.tool.key)
		}
	}
	if len(slower) > 0 {
		p("; NOT faster than %s", strings.Join(slower, ", "))
	} else if len(sums) > 3 {
		p("; faster than every single peer")
	}
	p(".\n\n")

	p("### Robustness\n\n| check | result | detail |\n|---|---|---|\n")
	for _, c := range b.checks {
		res := "ok"
		if c.note {
			res = "note (not dbpoollint)"
		} else if !c.ok {
			res = "**FAIL**"
		}
		p("| %s | %s | %s |\n", c.name, res, cell(strings.ReplaceAll(c.text, "\n", " / ")))
	}
	p("\n")

	for _, pr := range profiles {
		p("### CPU profile: %s (one sequential run, -debug=tp: %.2f s)\n\n", pr.tool, pr.wall.Seconds())
		if pr.tool != keyFloor && len(pr.analyzers) > 0 {
			p("Time per analyzer (the checker's -debug=t report: the actions making 90%% of the total, summed by analyzer; ")
			p("the shared syntax index is built by whichever analyzer asks for it first, so its time counts there):\n\n| analyzer | time | actions |\n|---|--:|--:|\n")
			for _, at := range pr.analyzers {
				p("| %s | %.3f s | %d |\n", at.name, at.total.Seconds(), at.actions)
			}
			p("\n")
		}
		p("`go tool pprof -top -cum` (%s):\n\n```text\n%s```\n\n", pr.file, pr.top)
	}

	triage(&w, b)

	p("### Corpus\n\n| module | version | target packages |\n|---|---|--:|\n")
	count := map[string]int{}
	version := map[string]string{}
	for _, t := range b.targets {
		count[t.Module]++
		version[t.Module] = t.Version
	}
	for _, m := range modules {
		p("| %s | %s | %d |\n", m, version[m], count[m])
	}
	p("| database/sql | %s | 1 |\n\n", strings.Fields(env.goVersion)[0])
	p("<details><summary>target packages</summary>\n\n```text\n")
	for _, t := range b.targets {
		p("%s\n", t.Path)
	}
	p("```\n\n</details>\n")
	return w.String()
}

// triage writes the raw findings tables: every dbpoollint finding on the
// corpus with the peers' findings on the same line, then the peers'
// findings on lines where dbpoollint is silent. The verdict columns are
// left empty, to be filled in by reading the code (-update keeps them).
func triage(w *strings.Builder, b *bench) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	ours := firstRun(b, keyDBPoolLint)
	peersByLine := map[string][]finding{}
	var peerKeys []string
	for _, t := range b.tools {
		switch t.key {
		case keyFloor, keyDBPoolLint, keyFloorFacts:
			continue
		}
		peerKeys = append(peerKeys, t.key)
		for _, f := range firstRun(b, t.key) {
			if !triaged(t.key, f) {
				continue
			}
			peersByLine[lineOf(f.posn)] = append(peersByLine[lineOf(f.posn)], f)
		}
	}
	ourLines := map[string]bool{}
	for _, f := range ours {
		ourLines[lineOf(f.posn)] = true
	}

	p("### Triage summary\n\nVerdict counts of the two tables below (TP true positive, FP false positive, ")
	p("debatable: true to the letter but a finding a maintainer would shrug at, ")
	p("style: a finding of the peer's own stricter rule that is not a defect by dbpoollint's, n/a: out of scope). ")
	p("True share is TP ÷ findings, debatable share debatable ÷ findings. ")
	p("On the peers' rows, TP counts true bugs on lines where dbpoollint is silent: dbpoollint's misses.\n\n%s\n\n", triageSummaryMarker)
	p("### Triage: dbpoollint findings on the corpus\n\n")
	p("Verdict: TP (true positive), FP (false positive) or debatable (true to the letter, but a maintainer would shrug), ")
	p("with a one-line reason read from the code. ")
	p("Peers (%s) reporting on the same line are shown next to each finding.\n\n", strings.Join(peerKeys, ", "))
	p("%s\n", triageOursMarker)
	p("| # | location | analyzer | message | peers on this line | verdict | reason |\n|--:|---|---|---|---|---|---|\n")
	for i, f := range ours {
		var peers []string
		for _, pf := range peersByLine[lineOf(f.posn)] {
			peers = append(peers, pf.analyzer+": "+firstLine(pf.message))
		}
		p("| %d | %s | %s | %s | %s |  |  |\n", i+1, cell(shortPath(f.posn)), f.analyzer, cell(firstLine(f.message)), cell(strings.Join(peers, "; ")))
	}
	if len(ours) == 0 {
		p("| | (no findings) | | | | | |\n")
	}
	p("\n")

	p("### Triage: peer findings on lines where dbpoollint reports nothing\n\n")
	p("Verdict on the peer's finding (TP, FP, debatable, style or n/a), and why dbpoollint is silent: the peer's false positive, ")
	p("out of dbpoollint's scope, or our miss (a TP here: peer TP, dbpoollint silent).\n\n")
	p("<details><summary>the peer findings</summary>\n\n%s\n", triagePeersMarker)
	p("| # | location | peer | message | verdict | why dbpoollint is silent |\n|--:|---|---|---|---|---|\n")
	var lines []string
	for l := range peersByLine {
		if !ourLines[l] {
			lines = append(lines, l)
		}
	}
	sort.Slice(lines, func(i, j int) bool {
		fi, li, _ := splitPosn(lines[i] + ":0")
		fj, lj, _ := splitPosn(lines[j] + ":0")
		if fi != fj {
			return fi < fj
		}
		return li < lj
	})
	n := 0
	for _, l := range lines {
		for _, f := range peersByLine[l] {
			n++
			why := ""
			if f.analyzer == "noctx" && !strings.Contains(f.message, "database/sql") {
				why = "out of scope: not database/sql"
			}
			p("| %d | %s | %s | %s |  | %s |\n", n, cell(shortPath(f.posn)), f.analyzer, cell(firstLine(f.message)), why)
		}
	}
	if n == 0 {
		p("| | (none) | | | | |\n")
	}
	p("\n</details>\n\n")
}

// unqueryvetInScope matches the messages of unqueryvet's transaction-leak
// and N+1 checks ("[high] transaction tx has ...", "[critical] unclosed
// transaction: tx ...", "[critical] potential N+1 query: ...", "ORM query
// execution inside loop: ...", "[medium] transaction started inside loop
// ..."), the ones that overlap dbpoollint's scope.
var unqueryvetInScope = regexp.MustCompile(`^(\[[a-z]+\] )?(unclosed transaction|transaction |potential N\+1|ORM [a-z]+ [a-z]+ inside loop)`)

// triaged says whether a peer's finding belongs in the triage tables:
// unqueryvet's SELECT * and SQL injection findings do not (they are counted
// in the cost table only).
func triaged(peer string, f finding) bool {
	return peer != keyUnqueryvet || unqueryvetInScope.MatchString(f.message)
}

func firstRun(b *bench, key string) []finding {
	if runs := b.runs[key]; len(runs) > 0 {
		return runs[0].findings
	}
	return nil
}

func fmtFindings(s *summary) string {
	var names []string
	for a := range s.findings {
		names = append(names, a)
	}
	sort.Strings(names)
	var parts []string
	for _, a := range names {
		parts = append(parts, fmt.Sprintf("%s %d", a, s.findings[a]))
	}
	if s.untriaged > 0 && len(parts) > 0 {
		parts[len(parts)-1] += fmt.Sprintf(" (%d outside the triage's scope)", s.untriaged)
	}
	if s.analysisErrs > 0 {
		parts = append(parts, fmt.Sprintf("**%d analysis errors**", s.analysisErrs))
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, ", ")
}

func fmtRSS(b int64) string {
	if b >= 1e9 {
		return fmt.Sprintf("%.2f GB", float64(b)/1e9)
	}
	return fmt.Sprintf("%.0f MB", float64(b)/1e6)
}

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

func goal(r, limit float64) string {
	if r <= limit {
		return fmt.Sprintf("goal %.3gx met", limit)
	}
	return fmt.Sprintf("goal %.3gx MISSED by %.0f%%", limit, (r/limit-1)*100)
}

// cell escapes a markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

// splitRow splits a markdown table row on unescaped pipes.
func splitRow(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	line = strings.TrimSuffix(line, "|")
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		if line[i] == '\\' && i+1 < len(line) && line[i+1] == '|' {
			cur.WriteString(`\|`)
			i++
			continue
		}
		if line[i] == '|' {
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
			continue
		}
		cur.WriteByte(line[i])
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

// updateResults rewrites path: the hand-written text above the generated
// marker is kept, the rest is the new report, and every verdict already
// filled in for a finding that is still reported is carried over.
func updateResults(path, rep string) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	head := "# dbpoollint benchmark results\n\n"
	if i := strings.Index(string(old), generatedMarker); i >= 0 {
		head = string(old[:i])
	} else if len(old) > 0 {
		head = string(old) + "\n"
	}
	return os.WriteFile(path, []byte(head+fillSummary(mergeVerdicts(string(old), rep))), 0o644)
}

// triageCols says where a triage table keeps its key (location and
// analyzer or peer), the message, and its two verdict columns.
type triageCols struct{ key1, key2, msg, v1, v2 int }

var triageTables = map[string]triageCols{
	triageOursMarker:  {1, 2, 3, 5, 6}, // location, analyzer, message; verdict, reason
	triagePeersMarker: {1, 2, 3, 4, 5}, // location, peer, message; verdict, why
}

// eachTriageRow calls f with the cells of every row of the triage tables of
// text, and replaces the row with the cells f returns.
func eachTriageRow(text string, f func(marker string, cells []string) []string) string {
	var out strings.Builder
	marker := ""
	for _, line := range strings.SplitAfter(text, "\n") {
		trimmed := strings.TrimRight(line, "\n")
		if _, ok := triageTables[trimmed]; ok {
			marker = trimmed
		} else if strings.TrimSpace(trimmed) == "" {
			marker = ""
		} else if marker != "" && strings.HasPrefix(trimmed, "| ") && !strings.HasPrefix(trimmed, "| # ") {
			cells := splitRow(trimmed)
			// "(no findings)" and "(none)" rows stand for empty tables.
			if len(cells) > triageTables[marker].v2 && cells[1] != "" && !strings.HasPrefix(cells[1], "(") {
				if cells = f(marker, cells); cells != nil {
					line = "| " + strings.Join(cells, " | ") + " |\n"
				}
			}
		}
		out.WriteString(line)
	}
	return out.String()
}

// mergeVerdicts carries the verdicts of old's triage tables over to the
// same findings in rep: the same location, analyzer or peer and message,
// or else (a reworded message) the same location and analyzer or peer.
// A peer can report several findings at one position (unqueryvet does),
// which the message tells apart.
func mergeVerdicts(old, rep string) string {
	verdicts := map[string][2]string{}
	eachTriageRow(old, func(marker string, cells []string) []string {
		c := triageTables[marker]
		if cells[c.v1] != "" || cells[c.v2] != "" {
			short := marker + cells[c.key1] + "\x00" + cells[c.key2]
			verdicts[short] = [2]string{cells[c.v1], cells[c.v2]}
			verdicts[short+"\x00"+cells[c.msg]] = [2]string{cells[c.v1], cells[c.v2]}
		}
		return nil
	})
	return eachTriageRow(rep, func(marker string, cells []string) []string {
		c := triageTables[marker]
		short := marker + cells[c.key1] + "\x00" + cells[c.key2]
		v, ok := verdicts[short+"\x00"+cells[c.msg]]
		if !ok {
			v, ok = verdicts[short]
		}
		if !ok {
			return nil
		}
		if v[0] != "" {
			cells[c.v1] = v[0]
		}
		if v[1] != "" {
			cells[c.v2] = v[1]
		}
		return cells
	})
}

// summaryHeader starts the summary table fillSummary writes.
const summaryHeader = "| tool | analyzer | findings | TP | FP | debatable | other verdicts | true share | debatable share |\n"

// resummarize recounts the triage summary of an existing RESULTS.md: the
// summary table is put back to its placeholder and filled in again from
// the verdict columns, as they are now.
func resummarize(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	text := string(data)
	start := strings.Index(text, summaryHeader)
	if start < 0 {
		return fmt.Errorf("%s: no triage summary table (a header line %q)", path, strings.TrimSpace(summaryHeader))
	}
	end := strings.Index(text[start:], "\n\n")
	if end < 0 {
		return fmt.Errorf("%s: the triage summary table does not end", path)
	}
	text = text[:start] + triageSummaryMarker + "\n" + text[start+end+1:]
	return os.WriteFile(path, []byte(fillSummary(text)), 0o644)
}

// fillSummary replaces the summary placeholder with the verdict counts of
// the triage tables: per dbpoollint analyzer (and their total), and per
// peer on the lines where dbpoollint is silent. TP, FP and debatable have
// columns of their own, with the true and debatable shares; any other
// verdict (style, n/a, not triaged) is counted under "other".
func fillSummary(text string) string {
	type counts struct {
		total     int
		byVerdict map[string]int
	}
	tally := map[string]*counts{}
	var order []string
	add := func(key, v string) {
		t := tally[key]
		if t == nil {
			t = &counts{byVerdict: map[string]int{}}
			tally[key] = t
			order = append(order, key)
		}
		t.total++
		t.byVerdict[v]++
	}
	const ourTotal = "dbpoollint\x00\xff(all analyzers)" // sorts after every analyzer
	eachTriageRow(text, func(marker string, cells []string) []string {
		c := triageTables[marker]
		v := cells[c.v1]
		if v == "" {
			v = "not triaged"
		}
		if marker == triagePeersMarker {
			add(cells[c.key2]+"\x00(dbpoollint silent)", v)
		} else {
			add("dbpoollint\x00"+cells[c.key2], v)
			add(ourTotal, v)
		}
		return nil
	})
	sort.Strings(order)
	share := func(n, total int) string {
		if total == 0 {
			return "-"
		}
		return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(total))
	}
	var b strings.Builder
	b.WriteString(summaryHeader)
	b.WriteString("|---|---|--:|--:|--:|--:|---|--:|--:|\n")
	for _, k := range order {
		tool, analyzer, _ := strings.Cut(k, "\x00")
		analyzer = strings.TrimPrefix(analyzer, "\xff")
		t := tally[k]
		var other []string
		for v, n := range t.byVerdict {
			switch v {
			case verdictTP, verdictFP, verdictDebatable:
			default:
				other = append(other, fmt.Sprintf("%s %d", v, n))
			}
		}
		sort.Strings(other)
		tp, fp, deb := t.byVerdict[verdictTP], t.byVerdict[verdictFP], t.byVerdict[verdictDebatable]
		if k == ourTotal {
			tool, analyzer = "**dbpoollint**", "**"+analyzer+"**"
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %s | %s | %s |\n", tool, analyzer, t.total, tp, fp, deb,
			strings.Join(other, ", "), share(tp, t.total), share(deb, t.total))
	}
	if len(order) == 0 {
		b.WriteString("| | (no findings) | 0 | | | | | | |\n")
	}
	return strings.Replace(text, triageSummaryMarker+"\n", b.String(), 1)
}
