// SPDX-License-Identifier: Apache-2.0

package qmp

import "github.com/qapi-gen/qapi-gen/wire"

// SchemaAnswer answers the commands a QEMU answers about itself from its
// own schema, for fake servers: query-qmp-schema (s itself),
// query-commands (s's commands, in s's order) and query-version (v). ok
// is false for any other command.
func SchemaAnswer(command string, s *wire.Schema, v Version) (result any, ok bool) {
	switch command {
	case "query-qmp-schema":
		return s, true
	case "query-commands":
		type info struct {
			Name string `json:"name"`
		}
		list := []info{}
		for _, e := range s.Entries {
			if e.MetaType == wire.MetaCommand {
				list = append(list, info{e.Name})
			}
		}
		return list, true
	case "query-version":
		type triple struct {
			Major int `json:"major"`
			Minor int `json:"minor"`
			Micro int `json:"micro"`
		}
		return struct {
			QEMU    triple `json:"qemu"`
			Package string `json:"package"`
		}{triple{v.Major, v.Minor, v.Micro}, v.Package}, true
	}
	return nil, false
}
