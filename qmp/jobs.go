// SPDX-License-Identifier: Apache-2.0

package qmp

import "fmt"

// JobError is the error a background job (JOB_STATUS_CHANGE, query-jobs)
// ended with: the command that started it succeeded, the job itself
// failed. The generated clients' RunJob returns it.
type JobError struct {
	ID   string // the job's ID
	Type string // the job's type ("snapshot-save", "create", ...), when known
	Desc string // QEMU's description of the failure
}

func (e *JobError) Error() string {
	if e.Type == "" {
		return fmt.Sprintf("qmp: job %s failed: %s", e.ID, e.Desc)
	}
	return fmt.Sprintf("qmp: %s job %s failed: %s", e.Type, e.ID, e.Desc)
}
