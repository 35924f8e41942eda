#!/usr/bin/env bash
# Installs the Debian packages FedNet's lab, demo and tests use, when any of their programs is missing.
# Used by ./test.sh and by `./fednet demo`; safe to run again (does nothing when all are present).
set -uo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
declare -A need=(
  [ovs-vswitchd]=openvswitch-switch [ovsdb-server]=openvswitch-switch [ovs-vsctl]=openvswitch-switch
  [ovs-ofctl]=openvswitch-switch [ovsdb-tool]=openvswitch-common
  [ip]=iproute2 [bridge]=iproute2 [ethtool]=ethtool [ping]=iputils-ping [tcpdump]=tcpdump [iperf3]=iperf3
  [sysctl]=procps [setsid]=util-linux [arping]=iputils-arping
  # the paper evaluation's peers (fednet bench paper): OVN, os-ken (Ryu's maintained fork), OVS's test controller
  [ovn-nbctl]=ovn-central [ovn-northd]=ovn-central [ovn-controller]=ovn-host [osken-manager]=python3-os-ken
  [ovs-testcontroller]=openvswitch-testcontroller
  # figure 4's kernel baseline tags VPLS frames with a tc eBPF program built by clang
  [clang]=clang [tc]=iproute2
)
missing=()
for prog in "${!need[@]}"; do
  command -v "$prog" >/dev/null 2>&1 || missing+=("${need[$prog]}")
done
(( ${#missing[@]} )) || exit 0
pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if [[ $(id -u) != 0 ]]; then
  echo "fednet: missing packages: $pkgs(run as root, or: apt-get install -y $pkgs)" >&2; exit 69
fi
echo "fednet: installing $pkgs" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq >/dev/null && apt-get install -y -qq $pkgs >/dev/null; }; then
  echo "fednet: apt-get install -y $pkgs failed" >&2; exit 69
fi
