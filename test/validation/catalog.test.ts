import * as fs from 'fs';
import { compactOpenApi, SOURCE, TARGET } from '../../projenrc/compact-openapi';
import { catalog, schemaAtPointer } from '../../src/validation/_catalog';

describe('the compact OpenAPI document', () => {
  test('is what the build makes of the official Kubernetes 1.26.10 document (run `npx projen compact-openapi` when it is not)', () => {
    const made = compactOpenApi(JSON.parse(fs.readFileSync(SOURCE, 'utf8')));
    expect(fs.readFileSync(TARGET, 'utf8') === made).toBe(true);
  });

  test('keeps every served kind of the official document', () => {
    const official = JSON.parse(fs.readFileSync(SOURCE, 'utf8')).definitions;
    const served = Object.values<any>(official).flatMap(d => (d['x-kubernetes-group-version-kind'] ?? []).map((g: any) => `${g.group ? `${g.group}/` : ''}${g.version} ${g.kind}`));
    expect([...catalog().byGvk.keys()].sort()).toEqual([...new Set(served)].sort());
  });
});

describe('schemaAtPointer', () => {
  test('finds the schema of a field, through lists and maps', () => {
    expect(schemaAtPointer('apps/v1', 'Deployment', '/spec/template/spec/containers/0/image').schema).toEqual({ type: 'string' });
    expect(schemaAtPointer('v1', 'ConfigMap', '/data/any-key').schema).toEqual({ type: 'string' });
  });

  test('names the first key that is not a field, and the fields allowed there', () => {
    const found = schemaAtPointer('apps/v1', 'Deployment', '/spec/replcas');
    expect(found.badKey).toBe('replcas');
    expect(found.at).toBe('/spec');
    expect(found.allowed).toContain('replicas');
  });

  test('knows nothing of kinds Kubernetes does not serve', () => {
    expect(schemaAtPointer('example.com/v1', 'Widget', '/spec/x')).toEqual({});
  });
});
