// SPDX-License-Identifier: Apache-2.0

package names

import "testing"

func TestExported(t *testing.T) {
	tests := []struct{ in, want string }{
		{"query-status", "QueryStatus"},
		{"node-name", "NodeName"},
		{"x-foo", "XFoo"},
		{"x-blockdev-set-iothread", "XBlockdevSetIOThread"},
		{"__com.redhat_foo", "ComRedhatFoo"},
		{"__org.qemu_x-command", "OrgQemuXCommand"},
		{"BlockdevOptions", "BlockdevOptions"},
		{"BlockdevOptionsNbd", "BlockdevOptionsNBD"},
		{"QCryptoTLSCredsEndpoint", "QCryptoTLSCredsEndpoint"},
		{"TPMInfo", "TPMInfo"},
		{"VncInfo", "VNCInfo"},
		{"SHUTDOWN", "Shutdown"},
		{"BLOCK_JOB_COMPLETED", "BlockJobCompleted"},
		{"VNC_CONNECTED", "VNCConnected"},
		{"node-id", "NodeID"},
		{"cpu-index", "CPUIndex"},
		{"qcow2", "Qcow2"},
		{"ImageInfoSpecificQCow2", "ImageInfoSpecificQCow2"},
		{"ipv4", "IPv4"},
		{"uri", "URI"},
		{"keep_underscores", "KeepUnderscores"},
		{"1", "N1"},
		{"type", "Type"},
		{"func", "Func"},
		{"ENUM_VALUE", "EnumValue"},
		{"json-cli-hotplug", "JSONCliHotplug"},
		{"query-cpus-fast", "QueryCPUsFast"},
		{"CpuInfoFast", "CPUInfoFast"},
		{"cpu0-id", "CPU0ID"},
		{"vcpus-count", "VCPUsCount"},
		{"read-ios", "ReadIOs"},
		{"GuidInfo", "GUIDInfo"},
		{"QapiErrorClass", "QAPIErrorClass"},
		{"qom-path", "QOMPath"},
		{"host-ui", "HostUI"},
		{"https", "HTTPS"},
		{"ttl-check", "TTLCheck"},
		{"CPUS", "CPUs"},
		{"utf8", "UTF8"},
		{"ipv6", "IPv6"},
		{"query-iothreads", "QueryIOThreads"},
		{"IothreadProperties", "IOThreadProperties"},
		{"x-colo-lost-heartbeat", "XCOLOLostHeartbeat"},
		{"luks2", "LUKS2"},
		// QEMU 10.1 renamed SGXEPCSection to SgxEpcSection: Go code keeps its name
		{"SgxEpcSection", "SGXEPCSection"},
		{"SGXEPCSection", "SGXEPCSection"},
		{"bios", "Bios"},
		{"s", "S"},
	}
	for _, tt := range tests {
		if got := Exported(tt.in); got != tt.want {
			t.Errorf("Exported(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFileStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"qapi/block-core.json", "block_core"},
		{"qapi-schema.json", "qapi_schema"},
		{"../../qapi/machine-s390x.json", "machine_s390x_qapi"},
		{"qapi/misc-arm.json", "misc_arm_qapi"},
		{"qapi/misc-i386.json", "misc_i386"},
		{"x_test.json", "x_test_qapi"},
		{"_hidden.json", "qapi_hidden"},
		{"Sub.Module.json", "sub_module"},
		{"test.json", "test"},
		{"linux.json", "linux"},
		{"a-linux.json", "a_linux_qapi"},
	}
	for _, tt := range tests {
		if got := FileStem(tt.in); got != tt.want {
			t.Errorf("FileStem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzSuffixASCII checks the ASCII fast path of Suffix against the
// general one.
func FuzzSuffixASCII(f *testing.F) {
	for _, seed := range []string{"query-status", "QCryptoTLSCreds", "BLOCK_JOB_COMPLETED", "__com.redhat_drive-add", "qcow2", "x86_64", "a--b", "ID", "vm-id"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if !isASCII(name) {
			return
		}
		if got, want := Suffix(name), suffixUnicode(name); got != want {
			t.Errorf("Suffix(%q) = %q, the general path gives %q", name, got, want)
		}
	})
}
