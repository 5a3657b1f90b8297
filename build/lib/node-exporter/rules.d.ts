import type { RuleGroup } from '../monitoring/prometheus-config';
/** Filesystems that are not disks: memory-backed, read-only images, container layers. */
export declare const NON_DISK_FSTYPES = "tmpfs|ramfs|squashfs|overlay|nsfs|fuse.lxcfs|iso9660";
/**
 * Node alerts, with the source systems' thresholds: CPU above 80% for 2 minutes, memory available
 * below 20%, filesystem free below 15%.
 *
 * The two disk alerts share a name, one per severity, so that Alertmanager's inhibition (a
 * critical alert mutes the warning of the same name and target) sends one message, not two.
 *
 * Expressions follow node-exporter's real series: CPU time not spent in `idle`, `iowait` or
 * `steal` is busy time (the node-mixin definition); disk space ignores memory-backed and
 * read-only filesystems, which are full by design.
 */
export declare function nodeRules(job: string, rateWindow: string): RuleGroup[];
