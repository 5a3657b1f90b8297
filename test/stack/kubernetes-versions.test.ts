/**
 * Issue 15, point 5: the oldest Kubernetes release the manifests need, worked out from what they
 * use (app/check/kubernetes-versions.ts), is the one README states; a field of a newer release
 * fails here, naming the object, the field and the release.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareReleases, oldestRelease, releaseNeeds, SUPPORTED_KUBERNETES } from '../../app/check/kubernetes-versions';
import { variants } from '../support/extract';
import { ROOT, find } from '../support/synth';

const outputs = variants();

describe('supported Kubernetes releases', () => {
  test.each(outputs.map((v) => [v.name, v] as const))('%s needs nothing newer than the oldest supported release', (_n, v) => {
    const newer = releaseNeeds(v.out.manifests).filter((n) => compareReleases(n.release, SUPPORTED_KUBERNETES.oldest) > 0);
    expect(newer.map((n) => `${n.object}: ${n.field}: ${n.what} needs Kubernetes ${n.release} (${n.source})`)).toEqual([]);
  });

  test('the oldest supported release is what the outputs need, no older and no newer', () => {
    const needed = outputs.map((v) => oldestRelease(v.out.manifests)).reduce((a, b) => (compareReleases(a, b) >= 0 ? a : b));
    const features = new Set(outputs.flatMap((v) => releaseNeeds(v.out.manifests).map((n) => `${n.release} ${n.what}`)));
    console.log(`[kubernetes] the outputs need Kubernetes ${needed}: ${[...features].sort((a, b) => compareReleases(b, a)).join('; ')}`);
    expect(needed).toBe(SUPPORTED_KUBERNETES.oldest);
  });

  test('README states the releases, as the code has them', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`Kubernetes ${SUPPORTED_KUBERNETES.oldest} or newer`);
    expect(readme).toContain(`checked against the API of ${SUPPORTED_KUBERNETES.oldest} and ${SUPPORTED_KUBERNETES.newestChecked}`);
  });

  test('the check is live: a sidecar init container (1.29) is found, with its object and field', () => {
    const copy = structuredClone(outputs[0].out.manifests) as any[];
    const g = find(copy, 'Deployment', 'grafana');
    g.spec.template.spec.initContainers[0].restartPolicy = 'Always';
    const needs = releaseNeeds(copy).filter((n) => n.release === '1.29');
    expect(needs.map((n) => [n.object, n.field])).toEqual([['Deployment monitoring/grafana', 'spec.template.spec.initContainers[0].restartPolicy']]);
    expect(oldestRelease(copy)).toBe('1.29');
  });
});
