# Reloads HAProxy when the kubelet renews the certificate of its Secret volume; run by the
# certificate-reloader container of the HAProxy pods as `sh -c <this> reload-on-renewal DIR PIDFILE
# INTERVAL HEARTBEAT`. POSIX sh and coreutils only (the HAProxy image's, Debian's dash).
#
# The kubelet updates a Secret volume atomically: it writes every file into a new timestamped
# directory, then renames the `..data` symlink onto it (kubernetes pkg/volume/util/atomic_writer.go).
# The target of `..data` changes once per update, after the certificate and its key are both in
# place: one readlink per poll, and never a half-written pair.
#
# On a change, SIGUSR2 to the master of `haproxy -W` reloads it seamlessly: the master re-executes,
# a new worker takes the listening sockets over (passed through the master, `-x sockpair@`) and
# loads the new certificate, and the old worker finishes the connections it has. A certificate the
# new worker cannot load leaves the old worker serving the old one (HAProxy 3.2 management guide,
# section 4 and option -x).
set -u
dir=$1 pidfile=$2 interval=$3 heartbeat=$4
# USR1 is the image's STOPSIGNAL; TERM what Kubernetes sends otherwise.
trap 'exit 0' TERM INT USR1
seen=$(readlink "$dir/..data")
echo "watching $dir/..data ($seen) every ${interval}s"
while :; do
  date +%s > "$heartbeat"
  sleep "$interval" &
  wait $!
  now=$(readlink "$dir/..data") || continue
  [ "$now" = "$seen" ] && continue
  if kill -USR2 "$(cat "$pidfile")"; then
    echo "certificate renewed ($seen -> $now): HAProxy reloaded"
    seen=$now
  fi
done
