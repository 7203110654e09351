#!/usr/bin/env bash
# Brings up a single-node Slurm on this machine (as root): munged, slurmctld and slurmd on
# localhost, one partition `debug` with this machine's CPUs. Installs Debian's slurm-wlm and
# munge when missing. Idempotent: a running cluster is left as it is. Exits non-zero, saying
# why, when Slurm cannot start.
set -euo pipefail

die() { echo "tests/slurm/up.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (munged, slurmctld and slurmd run as root here)"

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    command -v apt-get >/dev/null || die "slurm-wlm and munge are missing and apt-get is not here"
    echo "tests/slurm/up.sh: installing slurm-wlm munge" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

if scontrol ping 2>/dev/null | grep -q UP && sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mixed|alloc'; then
    exit 0
fi

# munge: a key, its directories, the daemon.
mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge
[ -s /etc/munge/munge.key ] || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge 2>/dev/null || true
chmod 0400 /etc/munge/munge.key
chmod 0700 /etc/munge /var/lib/munge /var/log/munge
chmod 0755 /run/munge
pgrep -x munged >/dev/null || runuser -u munge -- munged --force 2>/dev/null || munged --force
munge -n | unmunge >/dev/null || die "munge does not work"

# Slurm: one node, this host, all its CPUs; no cgroups (containers often lack them).
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
mkdir -p /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/slurm
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=optgrid-test
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
SchedulerType=sched/backfill
NodeName=localhost NodeHostname=$(hostname) NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
rm -f /etc/slurm/cgroup.conf

pgrep -x slurmctld >/dev/null || slurmctld -i
pgrep -x slurmd >/dev/null || slurmd -N localhost
for _ in $(seq 60); do
    if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
        exit 0
    fi
    scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true
    sleep 1
done
echo "--- slurmctld.log" >&2; tail -20 /var/log/slurm/slurmctld.log >&2 || true
echo "--- slurmd.log" >&2; tail -20 /var/log/slurm/slurmd.log >&2 || true
die "Slurm did not come up within 60 s (sinfo: $(sinfo -h 2>&1 | head -3))"
