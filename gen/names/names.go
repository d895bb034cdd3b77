// SPDX-License-Identifier: Apache-2.0

// Package names turns QAPI names into Go identifiers and file names. It is
// the one place that decides how a schema name looks in Go, so that every
// emitter (and the clash check) agrees on it.
//
// The rules, in order:
//
//   - The name is split into words at '-', '_' and '.', and at case changes
//     inside a word ("BlockdevOptions" -> Blockdev, Options; "QCryptoTLS" ->
//     Q, Crypto, TLS). Digits stay with the word before them ("qcow2").
//   - A vendor prefix ("__com.redhat_") is not dropped: its words become
//     part of the name ("__com.redhat_drive-add" -> ComRedhatDriveAdd), so
//     vendor extensions stay distinguishable from upstream names.
//   - Words listed in Initialisms are written in capitals ("node-id" ->
//     NodeID). Other words get a capital first letter; an all-capitals
//     word keeps its capitals when the name also has lower-case letters
//     (the schema author chose them: "TPMInfo" -> TPMInfo), and is
//     title-cased in all-capitals names (event "BLOCK_JOB_COMPLETED" ->
//     BlockJobCompleted).
//   - A name that would start with a digit gets the prefix "N".
//
// Every result is an exported identifier, so it can never be a Go keyword.
package names

import (
	"strings"
	"unicode"
)

// Initialisms are the words written in capitals. They are staticcheck's
// list for its check ST1003 (so that generated code passes it), and the
// abbreviations of QEMU's schemas that Go code would write in capitals
// (hardware, protocols, QEMU's own subsystems). A word that is an
// initialism followed by digits keeps the digits ("cpu0" -> CPU0); one
// that is an initialism followed by "s" is its plural ("cpus" -> CPUs,
// "ios" -> IOs).
var Initialisms = map[string]bool{
	// staticcheck's default list
	"acl": true, "amqp": true, "api": true, "ascii": true, "cpu": true, "css": true,
	"db": true, "dns": true, "eof": true, "gid": true, "guid": true, "html": true,
	"http": true, "https": true, "id": true, "ip": true, "json": true, "qps": true,
	"ram": true, "rpc": true, "rtp": true, "sip": true, "sla": true, "smtp": true,
	"sql": true, "ssh": true, "tcp": true, "tls": true, "ts": true, "ttl": true,
	"udp": true, "ui": true, "uid": true, "url": true, "uri": true, "utf8": true,
	"uuid": true, "vm": true, "xml": true, "xmpp": true, "xsrf": true, "xss": true,
	// QEMU's
	"acpi": true, "aio": true, "colo": true, "cxl": true, "dhcp": true, "dimm": true,
	"ebpf": true, "egl": true, "epc": true, "ftp": true, "ftps": true, "gic": true, "gl": true,
	"gpu": true, "gtk": true, "hmp": true, "icmp": true, "ide": true, "io": true,
	"iommu": true, "iommufd": true, "irq": true, "iscsi": true, "iv": true, "kvm": true,
	"lba": true, "luks": true, "lun": true, "mac": true, "mtu": true, "nbd": true,
	"nfs": true, "nmi": true, "numa": true, "oob": true, "pci": true, "pcie": true,
	"psk": true, "qapi": true, "qga": true, "qmp": true, "qom": true, "rdma": true,
	"rsa": true, "rtc": true, "sasl": true, "sata": true, "scsi": true, "sdl": true,
	"sev": true, "sgx": true, "smp": true, "tdx": true, "tftp": true, "tpm": true,
	"uefi": true, "usb": true, "vcpu": true, "vdpa": true, "vfio": true, "vlan": true,
	"vnc": true, "vvfat": true, "xbzrle": true,
}

// Spellings are words written neither capitalised nor in capitals, the
// way Go code (and QEMU's own mixed-case names, "IOThreadInfo") spells
// them; their plurals ("iothreads") are spelled alike.
var Spellings = map[string]string{
	"iothread": "IOThread", "ipv4": "IPv4", "ipv6": "IPv6",
}

// spelling is the Spellings entry for a lower-case word or its plural.
func spelling[S string | []byte](lower S) (string, bool) {
	if s, ok := Spellings[string(lower)]; ok {
		return s, true
	}
	if n := len(lower); n > 1 && lower[n-1] == 's' {
		if s, ok := Spellings[string(lower[:n-1])]; ok {
			return s + "s", true
		}
	}
	return "", false
}

// initialismLen reports how much of a lower-case word is written in
// capitals: all of an initialism, the initialism of an initialism
// followed by digits or by a plural "s", 0 for other words.
func initialismLen[S string | []byte](lower S) int {
	n := len(lower)
	if n == 0 {
		return 0
	}
	if Initialisms[string(lower)] { // no allocation for a []byte: Go looks up the key as is
		return n
	}
	k := n
	for k > 0 && isDigit(lower[k-1]) {
		k--
	}
	if k > 0 && k < n && Initialisms[string(lower[:k])] {
		return k
	}
	if lower[n-1] == 's' && n > 1 && Initialisms[string(lower[:n-1])] {
		return n - 1
	}
	return 0
}

// Words splits a QAPI name into its words.
func Words(name string) []string {
	var words []string
	for _, part := range strings.FieldsFunc(name, isSeparator) {
		words = append(words, splitCase(part)...)
	}
	return words
}

func isSeparator(r rune) bool { return r == '-' || r == '_' || r == '.' }

// splitCase splits at lower->Upper changes and before the last capital of
// a capitals run followed by a lower-case letter ("QCrypto" -> Q, Crypto).
func splitCase(s string) []string {
	rs := []rune(s)
	var out []string
	start := 0
	for i := 1; i < len(rs); i++ {
		prev, cur := rs[i-1], rs[i]
		split := false
		switch {
		case unicode.IsLower(prev) && unicode.IsUpper(cur):
			split = true
		case unicode.IsDigit(prev) && unicode.IsUpper(cur):
			split = true
		case unicode.IsUpper(prev) && unicode.IsUpper(cur) &&
			i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			split = true
		}
		if split {
			out = append(out, string(rs[start:i]))
			start = i
		}
	}
	return append(out, string(rs[start:]))
}

// Exported returns the exported Go identifier for a QAPI name.
func Exported(name string) string {
	s := Suffix(name)
	if s == "" {
		return "X"
	}
	if r := rune(s[0]); r >= '0' && r <= '9' {
		s = "N" + s
	}
	return s
}

// Suffix is Exported for a name that is appended to an identifier (an
// enum value after its type's name): it may start with a digit.
func Suffix(name string) string {
	if !isASCII(name) {
		return suffixUnicode(name)
	}
	// QAPI names are ASCII: build the result in one buffer, without
	// splitting into a slice of words first.
	mixed := hasLower(name)
	out := make([]byte, 0, len(name))
	eachASCIIWord(name, func(w string) { out = appendWord(out, w, mixed) })
	return string(out)
}

// suffixUnicode is Suffix for names with non-ASCII letters, which QAPI
// does not allow but this package does not refuse.
func suffixUnicode(name string) string {
	mixed := hasLower(name)
	var b strings.Builder
	for _, w := range Words(name) {
		b.WriteString(word(w, mixed))
	}
	return b.String()
}

func word(w string, mixedName bool) string {
	lower := strings.ToLower(w)
	if s, ok := spelling(lower); ok {
		return s
	}
	if k := initialismLen(lower); k > 0 {
		return strings.ToUpper(lower[:k]) + lower[k:]
	}
	if !mixedName {
		w = lower
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// appendWord appends word(w, mixedName) for an ASCII word.
func appendWord(out []byte, w string, mixedName bool) []byte {
	var buf [16]byte
	lower := buf[:0]
	for i := 0; i < len(w); i++ {
		lower = append(lower, toLower(w[i]))
	}
	if s, ok := spelling(lower); ok {
		return append(out, s...)
	}
	if k := initialismLen(lower); k > 0 {
		for _, c := range lower[:k] {
			out = append(out, toUpper(c))
		}
		return append(out, lower[k:]...)
	}
	out = append(out, toUpper(w[0]))
	if mixedName {
		return append(out, w[1:]...)
	}
	return append(out, lower[1:]...)
}

// eachASCIIWord calls f with each word of an ASCII name, as Words
// splits it.
func eachASCIIWord(name string, f func(string)) {
	start := -1
	for i := 0; i <= len(name); i++ {
		if i < len(name) && !isSeparator(rune(name[i])) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start < 0 {
			continue
		}
		part := name[start:i]
		start = -1
		from := 0
		for j := 1; j < len(part); j++ {
			prev, cur := part[j-1], part[j]
			if isUpper(cur) && (isLower(prev) || isDigit(prev) ||
				isUpper(prev) && j+1 < len(part) && isLower(part[j+1])) {
				f(part[from:j])
				from = j
			}
		}
		f(part[from:])
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func toLower(c byte) byte {
	if isUpper(c) {
		return c + 'a' - 'A'
	}
	return c
}

func toUpper(c byte) byte {
	if isLower(c) {
		return c - 'a' + 'A'
	}
	return c
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// FileStem returns the Go file name (without ".go") for a schema file:
// its base name without ".json", lower case, with every character that is
// not a letter or digit replaced by '_'. A stem whose last '_' word would
// make the go tool treat the file specially (a GOOS or GOARCH name, or
// "test", after a '_') gets the suffix "_qapi": "machine-s390x.json"
// would otherwise build only on s390x.
func FileStem(schemaFile string) string {
	base := schemaFile
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	base = strings.TrimSuffix(base, ".json")
	stem := strings.Map(func(r rune) rune {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return unicode.ToLower(r)
		}
		return '_'
	}, base)
	if stem == "" {
		stem = "schema"
	}
	// The go tool reads a constraint only from words after a '_'.
	if i := strings.LastIndexByte(stem, '_'); i >= 0 {
		if last := stem[i+1:]; last == "test" || goosOrArch[last] {
			stem += "_qapi"
		}
	}
	if strings.HasPrefix(stem, "_") { // the go tool ignores such files
		stem = "qapi" + stem
	}
	return stem
}

// goosOrArch are the file name suffixes the go tool reads as build
// constraints (go/build's knownOS and knownArch lists).
var goosOrArch = map[string]bool{
	"aix": true, "android": true, "darwin": true, "dragonfly": true,
	"freebsd": true, "hurd": true, "illumos": true, "ios": true, "js": true,
	"linux": true, "nacl": true, "netbsd": true, "openbsd": true, "plan9": true,
	"solaris": true, "wasip1": true, "windows": true, "zos": true,
	"386": true, "amd64": true, "amd64p32": true, "arm": true, "armbe": true,
	"arm64": true, "arm64be": true, "loong64": true, "mips": true, "mipsle": true,
	"mips64": true, "mips64le": true, "mips64p32": true, "mips64p32le": true,
	"ppc": true, "ppc64": true, "ppc64le": true, "riscv": true, "riscv64": true,
	"s390": true, "s390x": true, "sparc": true, "sparc64": true, "wasm": true,
}
