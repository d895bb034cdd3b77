// SPDX-License-Identifier: Apache-2.0

package qapirt

// Only generated code calls these helpers; naming them here keeps the
// unused-code linters quiet about this package. This file is not copied
// into generated packages (only helpers.go is).
var _ = []any{qapiMergeObjects, qapiSplitUnion, qapiMembers, qapiAlternateError, qapiEmptyAlternate, qapiDecodeEventData, qapiWithExtra, qapiIn, qapiMarshalUnion, qapiUnmarshalUnion, qapiMarshalAlternate, qapiUnmarshalAlternate, qapiElem}
