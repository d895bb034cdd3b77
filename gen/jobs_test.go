// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
)

const jobSchema = `{ 'enum': 'JobStatus', 'data': [ 'running', 'concluded', 'null' ] }
{ 'struct': 'JobInfo', 'data': { 'id': 'str', '*error': 'str' } }
{ 'command': 'query-jobs', 'returns': [ 'JobInfo' ] }
{ 'command': 'job-dismiss', 'data': { 'id': 'str' } }
{ 'event': 'JOB_STATUS_CHANGE', 'data': { 'id': 'str', 'status': 'JobStatus' } }
{ 'command': 'make-thing', 'data': { 'job-id': 'str' } }
{ 'command': 'maybe-job', 'data': { '*job-id': 'str' } }
`

func clientSource(t *testing.T, schema string) string {
	t.Helper()
	s, err := frontend.LoadBytes("c.json", []byte(schema), frontend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(s, Options{Package: "p", Source: "c.json"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name == "client.go" {
			return string(f.Content)
		}
	}
	t.Fatal("no client.go")
	return ""
}

// The job helpers come with the job interface, for the commands that
// need a job ID, and give way to commands of their names.
func TestJobHelpers(t *testing.T) {
	src := clientSource(t, jobSchema)
	for _, want := range []string{"func (c *Client) RunJob(", "func (c *Client) MakeThingAndWait(", "func WaitEvent["} {
		if !strings.Contains(src, want) {
			t.Errorf("client.go lacks %s", want)
		}
	}
	if strings.Contains(src, "MaybeJobAndWait") {
		t.Error("a command with an optional job ID got an AndWait method")
	}
	src = clientSource(t, strings.Replace(jobSchema, "'job-dismiss'", "'job-forget'", 1))
	if strings.Contains(src, "RunJob") || !strings.Contains(src, "func WaitEvent[") {
		t.Error("without job-dismiss: want WaitEvent, no RunJob")
	}
	src = clientSource(t, jobSchema+"{ 'command': 'make-thing-and-wait' }\n{ 'command': 'run-job' }\n")
	if strings.Contains(src, "func (c *Client) RunJob(ctx context.Context, src") || strings.Contains(src, "AndWait(ctx context.Context, src") {
		t.Error("job helpers clash with the methods of commands run-job and make-thing-and-wait")
	}
}
