"""The codebases of hawk's realworld suite and how each one's compilation database is made.

Every codebase comes from an installed Debian package (scripts/setup.sh installs them);
nothing of it is committed. prepare(name, work, cc, cxx) lays out `work/src` (the
codebase's source root, as hawk-audit's --source-root), writes
`work/db/compile_commands.json` and returns (db_dir, source_root).

Source roots are made of symlinks where the package installs headers under /usr/include:
clang treats /usr/include as a system directory and hawk-audit never reports system
headers, so the library is reached through a non-system path (work/src/spdlog ->
/usr/include/spdlog) instead. clang keeps the path it opened, so findings are reported
under work/src and are relative to it in the triage files.
"""

import json
import os
import subprocess
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Open vSwitch lib/: the thread and synchronisation core (ovs-thread, ovs-rcu, seq, latch,
# guarded-list, fat-rwlock, mpsc-queue, cmap/ccmap/pvector, id pools), the process-wide
# services that many threads use (vlog, coverage, timeval, fatal-signal, poll-loop,
# unixctl, stopwatch, ovs-numa, util) and the multi-threaded users of them in the
# datapath: the userspace datapath with its PMD threads (dpif-netdev*), conntrack and
# ipf, mac-learning, mcast-snooping, classifier, netdev, ovs-router, tunnel tables, rconn.
OVS_FILES = """
    ovs-thread ovs-rcu seq latch-unix guarded-list fatal-signal timeval vlog poll-loop
    coverage util ovs-numa cmap ccmap pvector id-pool id-fpool mpsc-queue stopwatch
    fat-rwlock ovs-atomic-locked mac-learning mcast-snooping conntrack classifier netdev
    ovs-router dpif-netdev-perf rconn lockfile unixctl ovs-replay tnl-neigh-cache tnl-ports
    ipf netdev-offload dpif-netdev dpif-netdev-private-dfc dpif-netdev-private-dpif hmap
""".split()

# googletest 1.12.1 (Debian's googletest, sources under /usr/src/googletest): the units
# with its threading code (gtest-port: Mutex, ThreadLocal, ThreadWithParam; gtest.cc: the
# UnitTest singleton and its global mutex, per-thread test-part reporters; death tests;
# gmock's global mutex and expectations) and the three tests of its own that drive them
# from several threads. The other library units (printers, matchers, filepath, ...) add
# ~40 s of parsing and no finding.
GTEST_FILES = [
    "googletest/src/gtest.cc",
    "googletest/src/gtest-port.cc",
    "googletest/src/gtest-death-test.cc",
    "googlemock/src/gmock-spec-builders.cc",
    "googletest/test/gtest_stress_test.cc",
    "googletest/test/googletest-port-test.cc",
    "googlemock/test/gmock_stress_test.cc",
]


def _write_db(work, entries):
    db = os.path.join(work, "db")
    os.makedirs(db, exist_ok=True)
    path = os.path.join(db, "compile_commands.json")
    text = json.dumps(entries, indent=1) + "\n"
    old = None
    if os.path.exists(path):
        with open(path) as f:
            old = f.read()
    if old != text:
        with open(path, "w") as f:
            f.write(text)
    return db


def _symlink(target, link):
    if os.path.islink(link) and os.readlink(link) == target:
        return
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(target, link)


def _entry(compiler, directory, file, flags):
    return {"directory": directory, "file": file, "arguments": [compiler, "-c", *flags, file]}


def _require(path, package):
    if not os.path.exists(path):
        raise SystemExit(f"realworld: {path} is missing: install the Debian package {package} "
                         "(scripts/setup.sh does)")


def prepare_spdlog(work, cc, cxx):
    _require("/usr/include/spdlog/spdlog.h", "libspdlog-dev")
    src = os.path.join(work, "src")
    os.makedirs(src, exist_ok=True)
    _symlink("/usr/include/spdlog", os.path.join(src, "spdlog"))
    _symlink(os.path.join(HERE, "spdlog"), os.path.join(src, "driver"))
    driver = os.path.join(src, "driver", "driver.cpp")
    # Header-only mode (Debian's spdlog does not define SPDLOG_COMPILED_LIB), external fmt.
    flags = ["-std=c++17", "-pthread", "-I" + src]
    return _write_db(work, [_entry(cxx, src, driver, flags)]), src


def prepare_asio(work, cc, cxx):
    _require("/usr/include/asio.hpp", "libasio-dev")
    src = os.path.join(work, "src")
    os.makedirs(src, exist_ok=True)
    _symlink("/usr/include/asio", os.path.join(src, "asio"))
    _symlink("/usr/include/asio.hpp", os.path.join(src, "asio.hpp"))
    _symlink(os.path.join(HERE, "asio"), os.path.join(src, "driver"))
    driver = os.path.join(src, "driver", "driver.cpp")
    flags = ["-std=c++17", "-pthread", "-I" + src]
    return _write_db(work, [_entry(cxx, src, driver, flags)]), src


def prepare_googletest(work, cc, cxx):
    root = "/usr/src/googletest"
    _require(os.path.join(root, "googletest/src/gtest.cc"), "googletest")
    inc = [f"-I{root}/googletest/include", f"-I{root}/googletest",
           f"-I{root}/googlemock/include", f"-I{root}/googlemock"]
    flags = ["-std=c++17", "-pthread", *inc]
    entries = [_entry(cxx, root, os.path.join(root, f), flags) for f in GTEST_FILES]
    return _write_db(work, entries), root


def prepare_openvswitch(work, cc, cxx):
    tarball = "/usr/src/openvswitch/openvswitch.tar.gz"
    _require(tarball, "openvswitch-source")
    src = os.path.join(work, "src")
    root = os.path.join(src, "openvswitch")
    stamp = os.path.join(work, "unpacked.stamp")
    mtime = str(os.stat(tarball).st_mtime_ns)
    if not (os.path.exists(stamp) and open(stamp).read() == mtime and os.path.isdir(root)):
        if os.path.isdir(root):
            subprocess.run(["rm", "-rf", root], check=True)
        os.makedirs(src, exist_ok=True)
        with tarfile.open(tarball) as tar:
            if hasattr(tarfile, "tar_filter"):  # Python >= 3.12: say what we trust
                tar.extractall(src, filter="tar")
            else:
                tar.extractall(src)
        with open(stamp, "w") as f:
            f.write(mtime)
    # Generated headers, as OVS's Makefile makes them: config.h (ours, hand-written, instead
    # of running ./configure) and include/odp-netlink.h (a sed script of OVS's own).
    gen = os.path.join(work, "gen")
    os.makedirs(gen, exist_ok=True)
    with open(os.path.join(HERE, "openvswitch", "config.h")) as f:
        config = f.read()
    cfg_path = os.path.join(gen, "config.h")
    if not os.path.exists(cfg_path) or open(cfg_path).read() != config:
        with open(cfg_path, "w") as f:
            f.write(config)
    odp = os.path.join(gen, "odp-netlink.h")
    if not os.path.exists(odp):
        with open(os.path.join(root, "include/linux/openvswitch.h")) as fin, open(odp + ".tmp", "w") as fout:
            subprocess.run(["sed", "-f", os.path.join(root, "build-aux/extract-odp-netlink-h")],
                           stdin=fin, stdout=fout, check=True)
        os.replace(odp + ".tmp", odp)
    # The flags of OVS's Makefile (DEFS, AM_CPPFLAGS), C as its configure picks it.
    flags = ["-std=gnu11", "-DHAVE_CONFIG_H", "-I" + gen, "-I" + os.path.join(root, "include"),
             "-I" + os.path.join(root, "lib"), "-I" + root, "-fno-strict-aliasing"]
    entries = [_entry(cc, root, os.path.join(root, "lib", f + ".c"), flags) for f in OVS_FILES]
    return _write_db(work, entries), root


CODEBASES = {
    "spdlog": prepare_spdlog,
    "googletest": prepare_googletest,
    "openvswitch": prepare_openvswitch,
    "asio": prepare_asio,
}


def prepare(name, work, cc="clang-19", cxx="clang++-19"):
    os.makedirs(work, exist_ok=True)
    return CODEBASES[name](os.path.abspath(work), cc, cxx)
