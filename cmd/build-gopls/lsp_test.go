package main

// A minimal LSP client: JSON-RPC 2.0 over the stdio of a gopls process, as
// an editor speaks it (Content-Length framed messages).

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// Protocol types, only the fields the test reads or sends.
type (
	lspPosition struct {
		Line      int `json:"line"`
		Character int `json:"character"`
	}
	lspRange struct {
		Start lspPosition `json:"start"`
		End   lspPosition `json:"end"`
	}
	lspDiagnostic struct {
		Range           lspRange `json:"range"`
		Severity        int      `json:"severity,omitempty"`
		Code            any      `json:"code,omitempty"`
		CodeDescription struct {
			Href string `json:"href"`
		} `json:"codeDescription"`
		Source             string `json:"source,omitempty"`
		Message            string `json:"message"`
		RelatedInformation []struct {
			Location struct {
				URI   string   `json:"uri"`
				Range lspRange `json:"range"`
			} `json:"location"`
			Message string `json:"message"`
		} `json:"relatedInformation,omitempty"`

		raw json.RawMessage // as received
	}
	lspPublishDiagnostics struct {
		URI         string          `json:"uri"`
		Version     *int            `json:"version,omitempty"`
		Diagnostics []lspDiagnostic `json:"diagnostics"`
	}
	lspTextEdit struct {
		Range   lspRange `json:"range"`
		NewText string   `json:"newText"`
	}
	lspWorkspaceEdit struct {
		Changes         map[string][]lspTextEdit `json:"changes,omitempty"`
		DocumentChanges []struct {
			TextDocument struct {
				URI string `json:"uri"`
			} `json:"textDocument"`
			Edits []lspTextEdit `json:"edits"`
		} `json:"documentChanges,omitempty"`
	}
	lspCodeAction struct {
		Title       string            `json:"title"`
		Kind        string            `json:"kind,omitempty"`
		Diagnostics []lspDiagnostic   `json:"diagnostics,omitempty"`
		Edit        *lspWorkspaceEdit `json:"edit,omitempty"`
		Command     json.RawMessage   `json:"command,omitempty"`
	}
)

// UnmarshalJSON decodes d and keeps the raw message.
func (d *lspDiagnostic) UnmarshalJSON(data []byte) error {
	type plain lspDiagnostic
	if err := json.Unmarshal(data, (*plain)(d)); err != nil {
		return err
	}
	d.raw = slices.Clone(data)
	return nil
}

// edits returns the text edits of uri in e, whichever form e takes.
func (e *lspWorkspaceEdit) edits(uri string) []lspTextEdit {
	if e == nil {
		return nil
	}
	var edits []lspTextEdit
	edits = append(edits, e.Changes[uri]...)
	for _, dc := range e.DocumentChanges {
		if dc.TextDocument.URI == uri {
			edits = append(edits, dc.Edits...)
		}
	}
	return edits
}

// rpcMessage is any JSON-RPC message: request, notification or response.
type rpcMessage struct {
	JSONRPC string           `json:"jsonrpc"`
	ID      *json.RawMessage `json:"id,omitempty"`
	Method  string           `json:"method,omitempty"`
	Params  json.RawMessage  `json:"params,omitempty"`
	Result  json.RawMessage  `json:"result,omitempty"`
	Error   *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// lspClient drives one gopls process.
type lspClient struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr *bytes.Buffer // gopls's stderr, shown on failure

	writeMu sync.Mutex
	mu      sync.Mutex
	nextID  int
	pending map[string]chan rpcMessage
	// diagnostics receives every textDocument/publishDiagnostics.
	diagnostics chan lspPublishDiagnostics
	done        chan struct{} // closed when the read loop ends
	log         []string      // window/logMessage, shown on failure
	settings    map[string]any
}

// startGopls starts gopls over stdio, as an editor does, with env added to
// the environment; settings answers its workspace/configuration requests.
// The process is shut down when the test ends.
func startGopls(t *testing.T, gopls, dir string, settings map[string]any, env ...string) *lspClient {
	t.Helper()
	cmd := exec.Command(gopls, "serve")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &lspClient{
		t:           t,
		cmd:         cmd,
		stdin:       stdin,
		stderr:      new(bytes.Buffer),
		pending:     make(map[string]chan rpcMessage),
		diagnostics: make(chan lspPublishDiagnostics, 100),
		done:        make(chan struct{}),
		settings:    settings,
	}
	cmd.Stderr = &syncWriter{w: c.stderr, mu: &c.mu}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go c.readLoop(bufio.NewReader(stdout))
	t.Cleanup(c.close)
	return c
}

// syncWriter serializes writes to a buffer that the test reads.
type syncWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

// close shuts gopls down politely (shutdown, exit), killing it if it does not
// exit in time.
func (c *lspClient) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = c.call(ctx, "shutdown", nil, nil)
	_ = c.notify("exit", nil)
	c.stdin.Close()
	exited := make(chan error, 1)
	go func() { exited <- c.cmd.Wait() }()
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		c.cmd.Process.Kill()
		<-exited
	}
	if c.t.Failed() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.t.Logf("gopls log messages:\n%s", strings.Join(c.log, "\n"))
		c.t.Logf("gopls stderr:\n%s", c.stderr)
	}
}

func (c *lspClient) write(msg any) error {
	data, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	_, err = fmt.Fprintf(c.stdin, "Content-Length: %d\r\n\r\n%s", len(data), data)
	return err
}

// notify sends a notification.
func (c *lspClient) notify(method string, params any) error {
	return c.write(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// call sends a request and decodes its result into result (if not nil).
func (c *lspClient) call(ctx context.Context, method string, params, result any) error {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan rpcMessage, 1)
	c.pending[strconv.Itoa(id)] = ch
	c.mu.Unlock()
	if err := c.write(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params}); err != nil {
		return err
	}
	select {
	case msg := <-ch:
		if msg.Error != nil {
			return fmt.Errorf("%s: error %d: %s", method, msg.Error.Code, msg.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(msg.Result, result); err != nil {
				return fmt.Errorf("%s: decoding result %s: %v", method, msg.Result, err)
			}
		}
		return nil
	case <-c.done:
		return fmt.Errorf("%s: gopls closed the connection", method)
	case <-ctx.Done():
		return fmt.Errorf("%s: %v", method, ctx.Err())
	}
}

// readLoop reads gopls's messages: responses go to their callers,
// publishDiagnostics to c.diagnostics, and requests from gopls get the
// answers a minimal editor gives.
func (c *lspClient) readLoop(r *bufio.Reader) {
	defer close(c.done)
	tp := textproto.NewReader(r)
	for {
		header, err := tp.ReadMIMEHeader()
		if err != nil {
			return
		}
		n, err := strconv.Atoi(header.Get("Content-Length"))
		if err != nil {
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var msg rpcMessage
		if err := json.Unmarshal(body, &msg); err != nil {
			continue
		}
		switch {
		case msg.Method == "" && msg.ID != nil: // a response
			c.mu.Lock()
			ch := c.pending[string(*msg.ID)]
			delete(c.pending, string(*msg.ID))
			c.mu.Unlock()
			if ch != nil {
				ch <- msg
			}
		case msg.ID != nil: // a request from gopls
			var result any // null: registerCapability, workDoneProgress/create, ...
			if msg.Method == "workspace/configuration" {
				var p struct{ Items []json.RawMessage }
				json.Unmarshal(msg.Params, &p)
				cfg := make([]map[string]any, len(p.Items))
				for i := range cfg {
					cfg[i] = c.settings
				}
				result = cfg
			}
			c.write(map[string]any{"jsonrpc": "2.0", "id": msg.ID, "result": result})
		case msg.Method == "textDocument/publishDiagnostics":
			var p lspPublishDiagnostics
			if json.Unmarshal(msg.Params, &p) == nil {
				c.diagnostics <- p
			}
		case msg.Method == "window/logMessage", msg.Method == "window/showMessage":
			var p struct{ Message string }
			json.Unmarshal(msg.Params, &p)
			c.mu.Lock()
			c.log = append(c.log, p.Message)
			c.mu.Unlock()
		}
	}
}

// fileURI returns the file:// URI of an absolute path, as gopls spells it.
func fileURI(path string) string {
	return "file://" + strings.ReplaceAll(path, "\\", "/")
}

// lspPos converts a byte offset in text to an LSP position (UTF-16 columns).
func lspPos(text string, offset int) lspPosition {
	line := strings.Count(text[:offset], "\n")
	lineStart := strings.LastIndex(text[:offset], "\n") + 1
	return lspPosition{Line: line, Character: len(utf16.Encode([]rune(text[lineStart:offset])))}
}

// byteOffset converts an LSP position in text to a byte offset.
func byteOffset(text string, p lspPosition) (int, error) {
	off := 0
	for range p.Line {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return 0, fmt.Errorf("line %d beyond the end of the text", p.Line)
		}
		off += i + 1
	}
	units := 0
	for i, r := range text[off:] {
		if units >= p.Character || r == '\n' {
			return off + i, nil
		}
		units += len(utf16.Encode([]rune{r}))
	}
	return len(text), nil
}

// applyEdits applies LSP text edits (non-overlapping, any order) to text.
func applyEdits(text string, edits []lspTextEdit) (string, error) {
	type span struct {
		start, end int
		newText    string
	}
	spans := make([]span, 0, len(edits))
	for _, e := range edits {
		start, err := byteOffset(text, e.Range.Start)
		if err != nil {
			return "", err
		}
		end, err := byteOffset(text, e.Range.End)
		if err != nil {
			return "", err
		}
		spans = append(spans, span{start, end, e.NewText})
	}
	// In offset order; two insertions at one point keep the order given.
	slices.SortStableFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	var out strings.Builder
	last := 0
	for _, s := range spans {
		if s.start < last || s.end < s.start {
			return "", fmt.Errorf("overlapping or inverted edits")
		}
		out.WriteString(text[last:s.start])
		out.WriteString(s.newText)
		last = s.end
	}
	out.WriteString(text[last:])
	return out.String(), nil
}
