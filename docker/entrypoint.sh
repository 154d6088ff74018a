#!/bin/sh
# Start Tonearm the *arr way: run as PUID:PGID (default 1000:1000), own /config, then exec.
#
# Environment: PUID, PGID (numeric ids of the host user that owns the volumes), UMASK (default
# 022). TONEARM_DATA_DIR, TONEARM_DOWNLOADS_DIR and TONEARM_LIBRARY_DIR default to /config,
# /downloads and /music. TONEARM_ENTRYPOINT_DRY_RUN=1 prints what would run and exits (tests).
# TONEARM_CONFIG_DIR overrides /config (tests only). Any arguments replace the default command.
set -eu

PUID="${PUID:-1000}"
PGID="${PGID:-1000}"
CONFIG_DIR="${TONEARM_CONFIG_DIR:-/config}"
APP_USER="tonearm"
APP_GROUP="tonearm"

case "$PUID" in ''|*[!0-9]*) echo "entrypoint: PUID must be numeric, got '$PUID'" >&2; exit 64;; esac
case "$PGID" in ''|*[!0-9]*) echo "entrypoint: PGID must be numeric, got '$PGID'" >&2; exit 64;; esac

export TONEARM_DATA_DIR="${TONEARM_DATA_DIR:-$CONFIG_DIR}"
export TONEARM_DOWNLOADS_DIR="${TONEARM_DOWNLOADS_DIR:-/downloads}"
export TONEARM_LIBRARY_DIR="${TONEARM_LIBRARY_DIR:-/music}"
umask "${UMASK:-022}"

if [ "$#" -eq 0 ]; then
    set -- tonearm serve --host 0.0.0.0 --port 8080
fi

if [ "${TONEARM_ENTRYPOINT_DRY_RUN:-0}" = "1" ]; then
    echo "user=$PUID:$PGID data=$TONEARM_DATA_DIR downloads=$TONEARM_DOWNLOADS_DIR library=$TONEARM_LIBRARY_DIR"
    echo "exec $*"
    exit 0
fi

if [ "$(id -u)" = "0" ]; then
    group_name="$(getent group "$PGID" | cut -d: -f1 || true)"
    if [ -z "$group_name" ]; then
        groupadd --gid "$PGID" "$APP_GROUP" 2>/dev/null || addgroup -g "$PGID" "$APP_GROUP"
        group_name="$APP_GROUP"
    fi
    user_name="$(getent passwd "$PUID" | cut -d: -f1 || true)"
    if [ -z "$user_name" ]; then
        useradd --uid "$PUID" --gid "$PGID" --no-create-home --home-dir "$CONFIG_DIR" \
            --shell /usr/sbin/nologin "$APP_USER" 2>/dev/null \
            || adduser -D -H -u "$PUID" -G "$group_name" -h "$CONFIG_DIR" "$APP_USER"
        user_name="$APP_USER"
    fi
    mkdir -p "$CONFIG_DIR"
    chown -R "$PUID:$PGID" "$CONFIG_DIR"
    # The media folders can be huge shared mounts: only their top level is made writable.
    for folder in "$TONEARM_DOWNLOADS_DIR" "$TONEARM_LIBRARY_DIR"; do
        if [ -d "$folder" ]; then
            chown "$PUID:$PGID" "$folder" 2>/dev/null || echo "entrypoint: cannot chown $folder" >&2
        fi
    done
    export HOME="$CONFIG_DIR"
    exec setpriv --reuid="$PUID" --regid="$PGID" --init-groups "$@"
fi

# Already unprivileged (e.g. `--user` given to docker run): just run.
exec "$@"
