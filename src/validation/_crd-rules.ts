import { printable, show, showJson } from '../_errors';
import { isDns1035Label, isDnsSubdomain } from '../_names';
import { child, Problem } from './_problems';

/*
 * The rules the API server applies to a CustomResourceDefinition beyond its
 * OpenAPI schema, from k8s.io/apiextensions-apiserver:
 * `pkg/apis/apiextensions/validation/validation.go`
 * (ValidateCustomResourceDefinition and the functions it calls) and
 * `pkg/apiserver/schema/validation.go` (ValidateStructural, the structural
 * schema rules). Each rule below names the check it follows.
 */

const SCHEMA = 'x-kubernetes';
const PRINTER_TYPES = ['integer', 'number', 'string', 'boolean', 'date'];
/** validateCustomResourceDefinitionAdditionalPrinterColumns: the formats a column may have. */
const PRINTER_FORMATS = ['int32', 'int64', 'float', 'double', 'byte', 'date', 'date-time', 'password'];
const LIST_TYPES = ['atomic', 'set', 'map'];
/** Keywords a structural schema may not use (ValidateStructural: "must not be set"; v1 drops uniqueItems). */
const FORBIDDEN = ['$ref', '$schema', 'definitions', 'dependencies', 'id', 'patternProperties', 'additionalItems', 'not'];
const SIMPLE_JSON_PATH = /^(\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\]|\['[^']+'\])+$/;

type Push = (path: string, reason: string) => void;

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every problem of a CustomResourceDefinition the API server would refuse, with paths from the object's root. */
export function crdProblems(crd: Record<string, any>): Problem[] {
  const problems: Problem[] = [];
  const push: Push = (path, reason) => void problems.push({ path, reason });
  const spec = crd.spec;
  if (!isObject(spec)) return problems;
  const group = spec.group;
  // ValidateCustomResourceDefinitionSpec: a DNS-1123 subdomain with at least one dot
  if (typeof group === 'string' && (!isDnsSubdomain(group) || !group.includes('.'))) {
    push('spec.group', `must be a DNS-1123 subdomain with at least one dot (a domain the team owns, e.g. 'tickets.example.com'), got ${show(group)}`);
  }
  checkNames(spec.names, push);
  // ValidateCustomResourceDefinition: metadata.name must be spec.names.plural + "." + spec.group
  const plural = spec.names?.plural;
  if (typeof plural === 'string' && typeof group === 'string' && crd.metadata?.name !== `${plural}.${group}`) {
    push('metadata.name', `must be '<plural>.<group>' (${show(`${plural}.${group}`)}), got ${show(crd.metadata?.name)}`);
  }
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
  if (versions.length === 0) push('spec.versions', 'must list at least one version');
  const storage = versions.filter(v => v?.storage === true);
  if (versions.length > 0 && storage.length !== 1) {
    push('spec.versions', `must have exactly one version marked as storage version, got ${storage.length} (${storage.map(v => `${show(v.name)}`).join(', ') || 'none'})`);
  }
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    const at = `spec.versions[${i}]`;
    if (!isObject(v)) return;
    if (typeof v.name === 'string') {
      if (!isDns1035Label(v.name)) push(`${at}.name`, `must be a DNS-1035 label such as 'v1' or 'v1beta2', got ${show(v.name)}`);
      if (seen.has(v.name)) push(`${at}.name`, `must be unique among the versions, got ${show(v.name)} twice`);
      seen.add(v.name);
    }
    if (v.deprecationWarning !== undefined && v.deprecated !== true) push(`${at}.deprecationWarning`, 'may only be set when deprecated is true');
    if (typeof v.deprecationWarning === 'string' && (v.deprecationWarning.length > 256 || !/^[\x20-\x7e]*$/.test(v.deprecationWarning))) {
      push(`${at}.deprecationWarning`, 'must be at most 256 printable ASCII characters');
    }
    const root = v.schema?.openAPIV3Schema;
    // validateCustomResourceDefinitionSpec: a served version needs a schema, "because otherwise all fields are pruned"
    if (!isObject(root)) {
      if (v.served === true) push(`${at}.schema.openAPIV3Schema`, 'is required for a served version: without a schema, the API server prunes every field');
      return;
    }
    checkRoot(root, `${at}.schema.openAPIV3Schema`, push);
    checkPrinterColumns(v.additionalPrinterColumns, root, at, push);
    checkScale(v.subresources?.scale, root, at, push);
  });
  return problems;
}

/** ValidateCustomResourceDefinitionNames: DNS-1035 lowercase names, a kind in CamelCase. */
function checkNames(names: any, push: Push): void {
  if (!isObject(names)) return;
  for (const field of ['plural', 'singular']) {
    const name = names[field];
    if (typeof name === 'string' && name !== '' && !isDns1035Label(name)) {
      push(`spec.names.${field}`, `must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter), got ${show(name)}`);
    }
  }
  for (const field of ['kind', 'listKind']) {
    const kind = names[field];
    if (typeof kind === 'string' && (!/^[A-Z]/.test(kind) || !isDns1035Label(kind.toLowerCase()))) {
      push(`spec.names.${field}`, `must be CamelCase starting with an uppercase letter, letters and digits only, got ${show(kind)}`);
    }
  }
  if (names.listKind !== undefined && names.listKind === names.kind) push('spec.names.listKind', `must differ from the kind, got ${show(names.listKind)}`);
  for (const field of ['shortNames', 'categories']) {
    (Array.isArray(names[field]) ? names[field] : []).forEach((n: unknown, i: number) => {
      if (typeof n === 'string' && !isDns1035Label(n)) push(`spec.names.${field}[${i}]`, `must be a DNS-1035 label, got ${show(n)}`);
    });
  }
}

/** The root: an object; its metadata may only restrict name and generateName (ValidateStructural). */
function checkRoot(root: Record<string, any>, at: string, push: Push): void {
  if (root.type !== 'object') push(child(at, 'type'), `must be 'object' at the root, got ${showJson(root.type)}`);
  const metadata = root.properties?.metadata;
  if (isObject(metadata)) {
    const extra = Object.keys(metadata).filter(k => !['type', 'properties'].includes(k));
    const fields = Object.keys(metadata.properties ?? {}).filter(k => k !== 'name' && k !== 'generateName');
    if (metadata.type !== 'object' || extra.length > 0 || fields.length > 0) {
      push(`${at}.properties.metadata`, "may only be 'type: object' with restrictions of 'name' and 'generateName': the API server owns the rest of metadata");
    }
  }
  checkNode(root, at, push, true);
}

/**
 * The structural rules on one node and below: a type everywhere (but under
 * int-or-string and preserve-unknown-fields), items for every array,
 * properties or additionalProperties but not both, no forbidden keywords,
 * valid patterns, ranges in order, list types with their keys, enums and
 * defaults of the node's type.
 */
function checkNode(node: Record<string, any>, at: string, push: Push, root = false): void {
  const intOrString = node[`${SCHEMA}-int-or-string`] === true;
  const preserve = node[`${SCHEMA}-preserve-unknown-fields`] === true;
  for (const keyword of FORBIDDEN) if (node[keyword] !== undefined) push(child(at, keyword), 'must not be set in a structural schema');
  if (node.uniqueItems === true) push(child(at, 'uniqueItems'), 'must not be true (apiextensions.k8s.io/v1 refuses it); use x-kubernetes-list-type: set');
  if (node[`${SCHEMA}-preserve-unknown-fields`] === false) push(child(at, `${SCHEMA}-preserve-unknown-fields`), 'must be true or left out');
  if (intOrString && node.type !== undefined) push(child(at, 'type'), `must be left out with ${SCHEMA}-int-or-string, got ${show(node.type)}`);
  if (!intOrString && !preserve && (typeof node.type !== 'string' || node.type === '')) push(child(at, 'type'), 'is required in a structural schema (every field has a type)');
  if (node.type !== undefined && !['object', 'array', 'string', 'integer', 'number', 'boolean'].includes(node.type)) {
    push(child(at, 'type'), `must be one of object, array, string, integer, number, boolean, got ${showJson(node.type)}`);
  }
  if (node.properties !== undefined && node.additionalProperties !== undefined) {
    push(child(at, 'additionalProperties'), "must not be set with 'properties' (they are mutually exclusive)");
  }
  if (node.additionalProperties === false) push(child(at, 'additionalProperties'), 'must not be false in a structural schema (unknown fields are pruned)');
  if (node.type === 'array' && !isObject(node.items)) push(child(at, 'items'), 'is required for an array: a structural schema gives the type of its items');
  if (node[`${SCHEMA}-embedded-resource`] === true && (node.type !== 'object' || (node.properties === undefined && !preserve))) {
    push(child(at, `${SCHEMA}-embedded-resource`), `needs type 'object' and properties or ${SCHEMA}-preserve-unknown-fields`);
  }
  if (typeof node.pattern === 'string') {
    try {
      new RegExp(node.pattern, 'u');
    } catch {
      push(child(at, 'pattern'), `must be a valid regular expression, got ${showJson(node.pattern)}`);
    }
  }
  for (const [low, high] of [['minimum', 'maximum'], ['minLength', 'maxLength'], ['minItems', 'maxItems'], ['minProperties', 'maxProperties']]) {
    if (typeof node[low] === 'number' && typeof node[high] === 'number' && node[low] > node[high]) {
      push(child(at, low), `must be at most ${show(high)} (${show(node[high])}), got ${show(node[low])}`);
    }
  }
  checkListType(node, at, push);
  if (root && node.default !== undefined) push(child(at, 'default'), 'must not be set at the root');
  for (const [key, sub] of Object.entries<any>(node.properties ?? {})) if (isObject(sub)) checkNode(sub, child(child(at, 'properties'), key), push);
  if (isObject(node.additionalProperties)) checkNode(node.additionalProperties, `${at}.additionalProperties`, push);
  if (isObject(node.items)) checkNode(node.items, `${at}.items`, push);
}

/** x-kubernetes-list-type and -list-map-keys (validateStructuralMetadataInvariants, validateListSetsAndMaps). */
function checkListType(node: Record<string, any>, at: string, push: Push): void {
  const type = node[`${SCHEMA}-list-type`];
  const keys = node[`${SCHEMA}-list-map-keys`];
  if (type !== undefined && (node.type !== 'array' || !LIST_TYPES.includes(type))) {
    push(child(at, `${SCHEMA}-list-type`), `must be one of ${LIST_TYPES.join(', ')} on an array, got ${showJson(type)}`);
  }
  if (keys !== undefined && type !== 'map') push(child(at, `${SCHEMA}-list-map-keys`), `may only be set with ${SCHEMA}-list-type: map`);
  const items = node.items;
  if (type === 'map') {
    if (!Array.isArray(keys) || keys.length === 0) return push(child(at, `${SCHEMA}-list-map-keys`), `must list at least one key with ${SCHEMA}-list-type: map`);
    if (!isObject(items) || items.type !== 'object') return push(child(at, 'items'), `must be objects with ${SCHEMA}-list-type: map`);
    for (const key of keys) {
      const field = items.properties?.[key];
      if (!isObject(field) || !['string', 'integer', 'number', 'boolean'].includes(field.type)) {
        push(child(at, `${SCHEMA}-list-map-keys`), `must name scalar fields of the items, got ${show(key)}`);
      } else if (!(items.required ?? []).includes(key) && field.default === undefined) {
        push(child(at, `${SCHEMA}-list-map-keys`), `must name fields the items require or default, got ${show(key)}`);
      }
    }
  }
  if (type === 'set' && isObject(items) && (items.type === 'object' || items.type === 'array') && items[`${SCHEMA}-map-type`] !== 'atomic' && items[`${SCHEMA}-list-type`] !== 'atomic') {
    push(child(at, 'items'), `must be scalars or atomic with ${SCHEMA}-list-type: set`);
  }
}

/** The schema node a simple JSON path (`.spec.replicas`) reaches, if the schema defines it. */
export function schemaAtPath(root: Record<string, any>, path: string): Record<string, any> | undefined {
  const steps = path.match(/\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\]|\['[^']+'\]/g) ?? [];
  let node: any = root;
  for (const step of steps) {
    if (!isObject(node)) return undefined;
    if (step.startsWith('[') && /^\[\d+\]$/.test(step)) {node = node.items;} else {
      const key = step.startsWith('.') ? step.slice(1) : step.slice(2, -2);
      node = node.properties?.[key] ?? (isObject(node.additionalProperties) ? node.additionalProperties : node[`${SCHEMA}-preserve-unknown-fields`] ? {} : undefined);
    }
  }
  return isObject(node) ? node : undefined;
}

/** validateCustomResourceDefinitionAdditionalPrinterColumns. */
function checkPrinterColumns(columns: any, root: Record<string, any>, at: string, push: Push): void {
  const names = new Set<string>();
  (Array.isArray(columns) ? columns : []).forEach((c: any, i: number) => {
    const p = `${at}.additionalPrinterColumns[${i}]`;
    if (!isObject(c)) return;
    if (typeof c.name === 'string') {
      if (names.has(c.name)) push(`${p}.name`, `must be unique among the columns, got ${show(c.name)} twice`);
      names.add(c.name);
    }
    if (!PRINTER_TYPES.includes(c.type)) push(`${p}.type`, `must be one of ${PRINTER_TYPES.join(', ')}, got ${showJson(c.type)}`);
    if (c.format !== undefined && !PRINTER_FORMATS.includes(c.format)) push(`${p}.format`, `must be one of ${PRINTER_FORMATS.join(', ')}, got ${showJson(c.format)}`);
    if (typeof c.priority === 'number' && c.priority < 0) push(`${p}.priority`, `must not be negative, got ${c.priority}`);
    if (typeof c.jsonPath !== 'string' || !SIMPLE_JSON_PATH.test(c.jsonPath)) {
      return push(`${p}.jsonPath`, `must be a simple JSON path such as '.spec.replicas', got ${showJson(c.jsonPath)}`);
    }
    const builtIn = /^\.metadata\./.test(c.jsonPath);
    if (!builtIn && schemaAtPath(root, c.jsonPath) === undefined) push(`${p}.jsonPath`, `must point at a field the schema defines, got ${show(c.jsonPath)}`);
  });
}

/** validateCustomResourceDefinitionSubresources: scale paths under .spec and .status, pointing at integers. */
function checkScale(scale: any, root: Record<string, any>, at: string, push: Push): void {
  if (!isObject(scale)) return;
  const p = `${at}.subresources.scale`;
  for (const [field, prefix, required] of [['specReplicasPath', '.spec.', true], ['statusReplicasPath', '.status.', true], ['labelSelectorPath', '', false]] as const) {
    const path = scale[field];
    if (path === undefined) {
      if (required) push(`${p}.${field}`, 'is required');
      continue;
    }
    if (typeof path !== 'string' || !SIMPLE_JSON_PATH.test(path) || (prefix !== '' && !path.startsWith(prefix)) || (prefix === '' && !/^\.(spec|status)\./.test(path))) {
      push(`${p}.${field}`, `must be a simple JSON path under ${prefix || '.spec. or .status.'}, got ${showJson(path)}`);
      continue;
    }
    const node = schemaAtPath(root, path);
    const type = field === 'labelSelectorPath' ? 'string' : 'integer';
    if (node === undefined) push(`${p}.${field}`, `must point at a field the schema defines, got ${show(path)}`);
    else if (node.type !== undefined && node.type !== type) push(`${p}.${field}`, `must point at a field of type ${type}, got ${show(path)} of type ${printable(String(node.type))}`);
  }
}

