import * as fs from 'fs';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { checkPlainObject } from '../_boundary';
import { fail, show } from '../_errors';
import { checkType } from '../_validate';
import { ICustomResourceDefinition } from './custom-resource-kind';
import { crdProblems } from '../validation/_crd-rules';
import { isCustomResourceDefinition } from '../validation/_custom-kinds';

/** Props of {@link ImportedCustomResourceDefinitions}. */
export interface ImportedCustomResourceDefinitionsProps {
  /** A YAML file of CustomResourceDefinitions (apiextensions.k8s.io/v1), e.g. a vendor's `crds.yaml`; other documents are refused. */
  readonly file: string;
}

/**
 * CustomResourceDefinitions written elsewhere (a vendor's operator, installed
 * by its own chart), read from a YAML file so that the app can create custom
 * resources of their kinds, validated at synth by their schemas like the
 * app's own. Nothing is written for them: the vendor installs them.
 */
export class ImportedCustomResourceDefinitions extends Construct {
  /** @internal the definitions, as JSON. */
  public readonly _manifests: any[];
  private readonly byKind = new Map<string, ICustomResourceDefinition>();

  constructor(scope: Construct, id: string, props: ImportedCustomResourceDefinitionsProps) {
    super(scope, id);
    checkPlainObject(this, 'props', props);
    checkType(this, 'file', props.file, 'string');
    let text: string;
    try {
      text = fs.readFileSync(props.file, 'utf8');
    } catch (e) {
      fail(this, 'file', `must be a readable file, got ${show(props.file)} (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
    const docs = parseAllDocuments(text);
    if (!Array.isArray(docs)) fail(this, 'file', `must hold YAML documents, got ${show(props.file)}`);
    this._manifests = [];
    docs.forEach((doc, i) => {
      if (doc.errors.length > 0) fail(this, 'file', `must be YAML, got document ${i + 1} of ${show(props.file)}: ${doc.errors[0].message.split('\n')[0]}`);
      const m = doc.toJS();
      if (m === null || m === undefined) return;
      if (!isCustomResourceDefinition(m)) {
        fail(this, 'file', `must hold apiextensions.k8s.io/v1 CustomResourceDefinitions only, got ${show(`${m?.apiVersion ?? '?'} ${m?.kind ?? '?'}`)} as document ${i + 1} of ${show(props.file)}`);
      }
      const problem = crdProblems(m)[0];
      if (problem) fail(this, 'file', `must hold definitions the API server accepts, got '${m.metadata?.name}' whose '${problem.path}' ${problem.reason}`);
      this._manifests.push(m);
      this.byKind.set(`${m.spec.group} ${m.spec.names.kind}`, importedKind(this, m));
    });
    if (this._manifests.length === 0) fail(this, 'file', `must hold at least one CustomResourceDefinition, got none in ${show(props.file)}`);
  }

  /** The kinds the file defines, as `<kind>.<group>`. */
  public get kinds(): string[] {
    return [...this.byKind.values()].map(k => `${k.kind}.${k.group}`).sort();
  }

  /**
   * One kind of the file.
   * @param kind e.g. `Certificate`
   * @param group needed only when two definitions of the file share the kind
   */
  public definition(kind: string, group?: string): ICustomResourceDefinition {
    const hits = [...this.byKind.values()].filter(k => k.kind === kind && (group === undefined || k.group === group));
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) fail(this, 'group', `must be given: kind ${show(kind)} is defined in groups ${hits.map(h => `'${h.group}'`).join(', ')}`);
    return fail(this, 'kind', `must be a kind the file defines (${this.kinds.join(', ')}), got ${show(kind)}${group === undefined ? '' : ` of group ${show(group)}`}`);
  }
}

function importedKind(scope: Construct, m: any): ICustomResourceDefinition {
  const served: string[] = m.spec.versions.filter((v: any) => v.served).map((v: any) => v.name);
  const storage: string = m.spec.versions.find((v: any) => v.storage).name;
  return {
    group: m.spec.group,
    kind: m.spec.names.kind,
    plural: m.spec.names.plural,
    namespaced: m.spec.scope !== 'Cluster',
    servedVersions: served,
    storageVersion: storage,
    apiVersionOf: (version = storage) => {
      if (!served.includes(version)) fail(scope, 'version', `must be a version ${m.metadata.name} serves (${served.map(v => `'${v}'`).join(', ')}), got ${show(version)}`);
      return `${m.spec.group}/${version}`;
    },
  };
}
