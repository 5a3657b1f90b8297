/**
 * A small reader of Go sources, enough to list what a program of the Prometheus ecosystem accepts:
 * its kingpin / pflag command-line flags (with their type, default and environment variable), the
 * environment variables it reads, its feature-flag names, and the YAML fields of its configuration
 * structs (`yaml:"..."` tags, followed through inline fields, pointers, slices, maps and imports).
 *
 * It is not a Go parser: it strips comments, matches balanced brackets and reads declarations of
 * the shapes these projects use. What it cannot follow (a type of a module it was not given, a
 * type that unmarshals itself from something else) is left unchecked rather than guessed.
 */
import type { Fields, FlagInfo, Ref } from '../../app/check/interface-types';
import type { SourceTree } from './tree';

export type { Fields, FlagInfo, Ref };

// -------------------------------------------------------------------------------------------------
// Lexing

/** Comments replaced by spaces (newlines kept), strings untouched. */
export function stripComments(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const n = src[i + 1];
    if (c === '/' && n === '/') {
      while (i < src.length && src[i] !== '\n') { out += ' '; i++; }
    } else if (c === '/' && n === '*') {
      out += '  ';
      i += 2;
      while (i < src.length && !(src[i] === '*' && src[i + 1] === '/')) { out += src[i] === '\n' ? '\n' : ' '; i++; }
      out += '  ';
      i += 2;
    } else if (c === '"' || c === '\'' || c === '`') {
      const end = skipString(src, i);
      out += src.slice(i, end);
      i = end;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Index just after the string or rune literal starting at i. */
function skipString(src: string, i: number): number {
  const q = src[i];
  let j = i + 1;
  while (j < src.length) {
    if (q !== '`' && src[j] === '\\') { j += 2; continue; }
    if (src[j] === q) return j + 1;
    if (q !== '`' && src[j] === '\n') return j;
    j++;
  }
  return j;
}

/** Index of the bracket closing the one at `open` (strings skipped). */
export function matching(text: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === '\'' || c === '`') { i = skipString(text, i) - 1; continue; }
    if (pairs[c]) stack.push(pairs[c]);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) throw new Error(`unbalanced ${c} at ${i}`);
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`no closing bracket for ${text[open]} at ${open}`);
}

/** Top-level comma-separated parts of an argument list (without the parentheses). */
export function splitArgs(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '"' || c === '\'' || c === '`') {
      const end = skipString(inner, i);
      cur += inner.slice(i, end);
      i = end - 1;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
    cur += c;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

/** The value of a Go string literal, or of a `+` concatenation of literals; undefined otherwise. */
export function stringValue(expr: string, consts: Map<string, string> = new Map()): string | undefined {
  const parts = splitConcat(expr.trim());
  let out = '';
  for (const p of parts) {
    if (p.startsWith('`') && p.endsWith('`')) out += p.slice(1, -1);
    else if (p.startsWith('"') && p.endsWith('"')) {
      try { out += JSON.parse(p); } catch { return undefined; }
    } else if (/^[A-Za-z_][\w.]*$/.test(p) && consts.has(p)) out += consts.get(p)!;
    else return undefined;
  }
  return out;
}

function splitConcat(expr: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '"' || c === '`') {
      const end = skipString(expr, i);
      cur += expr.slice(i, end);
      i = end - 1;
      continue;
    }
    if (c === '+') { out.push(cur.trim()); cur = ''; continue; }
    cur += c;
  }
  out.push(cur.trim());
  return out;
}

// -------------------------------------------------------------------------------------------------
// Files and packages

export interface GoFile {
  readonly path: string;
  /** Comments stripped. */
  readonly text: string;
  /** alias → import path */
  readonly imports: Map<string, string>;
}

/** Whether a file is built for linux/amd64 (file name suffixes and `//go:build` lines). */
export function builtForLinux(path: string, raw: string): boolean {
  const name = path.split('/').pop()!;
  if (name.endsWith('_test.go')) return false;
  const oses = ['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'illumos', 'ios', 'js', 'netbsd', 'openbsd', 'plan9', 'solaris', 'windows', 'wasip1', 'zos'];
  const arches = ['386', 'arm', 'arm64', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'ppc64', 'ppc64le', 'riscv64', 's390x', 'wasm'];
  const parts = name.replace(/\.go$/, '').split('_');
  const last = parts[parts.length - 1];
  const prev = parts[parts.length - 2];
  if (oses.includes(last) || (arches.includes(last) && oses.includes(prev ?? ''))) return false;
  if (arches.includes(last) && parts.length > 1) return false;
  const build = /^\/\/go:build (.+)$/m.exec(raw);
  if (!build) return true;
  return evalConstraint(build[1]);
}

/** A `//go:build` expression with linux, amd64, unix, gc and cgo true; every other tag false. */
export function evalConstraint(expr: string): boolean {
  const truthy = new Set(['linux', 'amd64', 'unix', 'gc', 'cgo']);
  const tokens = expr.match(/!|&&|\|\||\(|\)|[\w.]+/g) ?? [];
  let i = 0;
  const primary = (): boolean => {
    const t = tokens[i++];
    if (t === '!') return !primary();
    if (t === '(') { const v = or(); i++; return v; }
    return truthy.has(t) || /^go1\.\d+$/.test(t);
  };
  const and = (): boolean => { let v = primary(); while (tokens[i] === '&&') { i++; const r = primary(); v = v && r; } return v; };
  const or = (): boolean => { let v = and(); while (tokens[i] === '||') { i++; const r = and(); v = v || r; } return v; };
  return or();
}

function defaultAlias(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/-go$/, '').replace(/-/g, '_');
}

export function parseImports(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const add = (spec: string) => {
    const m = /^(?:([\w.]+)\s+)?"([^"]+)"$/.exec(spec.trim());
    if (m) out.set(m[1] && m[1] !== '_' && m[1] !== '.' ? m[1] : defaultAlias(m[2]), m[2]);
  };
  for (const m of text.matchAll(/\bimport\s*\(([^)]*)\)/g)) for (const line of m[1].split('\n')) if (line.trim()) add(line);
  for (const m of text.matchAll(/\bimport\s+((?:[\w.]+\s+)?"[^"]+")/g)) add(m[1]);
  return out;
}

export function goFile(path: string, raw: string): GoFile {
  const text = stripComments(raw);
  return { path, text, imports: parseImports(text) };
}

/** `const X = "..."` and `X = "..."` of const blocks, and `var X = "..."` (string values only). */
export function stringConsts(files: GoFile[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    for (const block of f.text.matchAll(/\bconst\s*\(([\s\S]*?)\n\)/g)) {
      for (const m of block[1].matchAll(/^\s*([A-Za-z_]\w*)\s*(?:string\s*)?=\s*("(?:[^"\\\n]|\\.)*"|`[^`]*`)/gm)) out.set(m[1], stringValue(m[2])!);
    }
    for (const m of f.text.matchAll(/\b(?:const|var)\s+([A-Za-z_]\w*)\s*(?:string\s*)?=\s*("(?:[^"\\\n]|\\.)*"|`[^`]*`)\s*$/gm)) out.set(m[1], stringValue(m[2])!);
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// Calls

export interface Call {
  readonly file: string;
  /** `a.Flag`, `kingpin.Flag`, `flags.StringVarP`, `registerCollector` */
  readonly callee: string;
  readonly args: string[];
  /** Methods chained on the result: `.Default("x").Bool()` */
  readonly chain: Array<{ name: string; args: string[] }>;
}

/** Every call whose callee (the dotted expression before the parenthesis) satisfies `test`. */
export function findCalls(file: GoFile, test: (callee: string) => boolean): Call[] {
  const out: Call[] = [];
  const re = /([A-Za-z_]\w*(?:\(\))?(?:\.[A-Za-z_]\w*(?:\(\))?)*)\s*\(/g;
  const text = file.text;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const callee = m[1].replace(/\(\)$/, '');
    if (!test(callee) || /^(func|if|for|switch|return)$/.test(callee)) continue;
    // Skip declarations: `func (x *T) Flag(` / `func Flag(`.
    if (/\bfunc\s*(\([^()]*\)\s*)?$/.test(text.slice(Math.max(0, m.index - 80), m.index))) continue;
    const open = m.index + m[0].length - 1;
    let close: number;
    try { close = matching(text, open); } catch { continue; }
    const args = splitArgs(text.slice(open + 1, close));
    const chain: Array<{ name: string; args: string[] }> = [];
    let j = close + 1;
    for (;;) {
      const c = /^\s*\.\s*([A-Za-z_]\w*)\s*\(/.exec(text.slice(j, j + 200));
      if (!c) break;
      const o = j + c[0].length - 1;
      const cl = matching(text, o);
      chain.push({ name: c[1], args: splitArgs(text.slice(o + 1, cl)) });
      j = cl + 1;
    }
    out.push({ file: file.path, callee, args, chain });
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// Flags and environment

const KINGPIN_REPEATABLE = /^(Strings|StringsVar|Enums|EnumsVar|ExistingFiles|ExistingFilesVar|ExistingDirs|ExistingDirsVar|IPList|IPListVar|TCPList|TCPListVar|URLList|URLListVar|StringMap|StringMapVar|Int64List|Int64ListVar|IntsVar|Ints|Float64List|Float64ListVar|DurationList|DurationListVar|HexBytesList)$/;

/**
 * kingpin flags: `<x>.Flag("name", ...)` (and helper functions that take the name as an argument,
 * `serverOnlyFlag(a, "name", ...)`), with the chain that follows: `Default`, `Envar`, `Hidden`,
 * `Short`, and the terminal type (`Bool()`: a `--no-` form exists too).
 */
export function kingpinFlags(files: GoFile[], consts: Map<string, string>, helpers: Record<string, number> = {}): Map<string, FlagInfo> {
  const out = new Map<string, FlagInfo>();
  for (const f of files) {
    for (const call of findCalls(f, (c) => /(^|\.)Flag$/.test(c) || c in helpers)) {
      const nameArg = call.args[helpers[call.callee] ?? 0];
      const name = nameArg !== undefined ? stringValue(nameArg, consts) : undefined;
      if (name === undefined || !/^[a-z][\w.-]*$/i.test(name)) continue;
      if (call.callee in helpers === false && /^(flag)$/.test(call.callee)) continue;
      let type: FlagInfo['type'] = 'value';
      let repeatable = false;
      let def: string | undefined;
      let env: string | undefined;
      let hidden = false;
      let short: string | undefined;
      for (const c of call.chain) {
        if (c.name === 'Default' && c.args.length === 1) def = stringValue(c.args[0], consts);
        if (c.name === 'Envar') env = stringValue(c.args[0], consts);
        if (c.name === 'Hidden') hidden = true;
        if (c.name === 'Short') short = /^'(.)'$/.exec(c.args[0] ?? '')?.[1];
        if (c.name === 'Bool' || c.name === 'BoolVar') type = 'bool';
        if (KINGPIN_REPEATABLE.test(c.name)) repeatable = true;
      }
      out.set(name, { type, ...(repeatable ? { repeatable } : {}), ...(def !== undefined ? { default: def } : {}), ...(env ? { env } : {}),
        ...(hidden ? { hidden } : {}), ...(short ? { short } : {}), file: f.path });
    }
  }
  return out;
}

/** `registerCollector("name", defaultEnabled, ...)`: the `--collector.<name>` / `--no-collector.<name>` flags of node-exporter and postgres-exporter. */
export function collectorFlags(files: GoFile[]): Map<string, FlagInfo> {
  const out = new Map<string, FlagInfo>();
  for (const f of files) {
    for (const call of findCalls(f, (c) => c === 'registerCollector')) {
      const name = stringValue(call.args[0] ?? '');
      if (!name) continue;
      const def = call.args[1] === 'defaultEnabled' || call.args[1] === 'true' ? 'true' : 'false';
      out.set(`collector.${name}`, { type: 'bool', default: def, file: f.path });
    }
  }
  return out;
}

const PFLAG_TYPES = /^(Bool|BoolSlice|String|StringSlice|StringArray|StringToString|Int|Int8|Int16|Int32|Int64|IntSlice|Uint|Uint8|Uint16|Uint32|Uint64|UintSlice|Float32|Float64|Float64Slice|Duration|DurationSlice|IP|IPSlice|IPMask|IPNet|Count|BytesHex|BytesBase64)(Var)?(P)?$/;

/**
 * The flag-set expressions pflagFlags reads by default: a variable (`flags.`, `fs.`) or a cobra
 * command's `Flags()` / `PersistentFlags()` (`o.cmd.Flags().BoolVar(...)`, kube-state-metrics).
 */
const PFLAG_RECEIVERS = /(^|\.)(flags|fs|Flags|PersistentFlags)(\(\))?\.\w+$/;

/**
 * pflag flags (cobra programs): `flags.StringP("name", "n", ...)`, `flags.BoolVar(&x, "name", ...)`,
 * `flags.Var(&v, "name", usage)` (a `pflag.Value` of the program's own: a value flag, no default
 * read). `receivers` picks the calls by callee; Go's standard `flag` package has the same
 * `<Type>Var` / `Var` methods (without the `P` forms), so it reads those too (klog's flag set).
 */
export function pflagFlags(files: GoFile[], consts: Map<string, string>, receivers: RegExp = PFLAG_RECEIVERS): Map<string, FlagInfo> {
  const out = new Map<string, FlagInfo>();
  for (const f of files) {
    for (const call of findCalls(f, (c) => receivers.test(c) || /\bFlags\.\w+$/.test(c))) {
      const method = call.callee.split('.').pop()!;
      if (method === 'Var' || method === 'VarP') {
        const name = stringValue(call.args[1] ?? '', consts);
        if (!name || !/^[a-z][\w.-]*$/.test(name)) continue;
        const short = method === 'VarP' ? stringValue(call.args[2] ?? '', consts) : undefined;
        out.set(name, { type: 'value', ...(short ? { short } : {}), file: f.path });
        continue;
      }
      const m = PFLAG_TYPES.exec(method);
      if (!m) continue;
      const isVar = m[2] === 'Var';
      const isP = m[3] === 'P';
      const name = stringValue(call.args[isVar ? 1 : 0] ?? '', consts);
      if (!name || !/^[a-z][\w.-]*$/.test(name)) continue;
      const short = isP ? stringValue(call.args[isVar ? 2 : 1] ?? '', consts) : undefined;
      const defArg = call.args[(isVar ? 2 : 1) + (isP ? 1 : 0)];
      const def = defArg !== undefined ? (stringValue(defArg, consts) ?? (/^(true|false|\d+)$/.test(defArg) ? defArg : undefined)) : undefined;
      out.set(name, {
        type: m[1] === 'Bool' ? 'bool' : 'value',
        ...(/Slice|Array|StringToString|Count/.test(m[1]) ? { repeatable: true } : {}),
        ...(def !== undefined ? { default: def } : {}),
        ...(short ? { short } : {}),
        file: f.path,
      });
    }
  }
  return out;
}

/** Environment variables read by name: `os.Getenv("X")`, `os.LookupEnv("X")`. */
export function envReads(files: GoFile[], consts: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    for (const call of findCalls(f, (c) => c === 'os.Getenv' || c === 'os.LookupEnv')) {
      const name = stringValue(call.args[0] ?? '', consts);
      if (name) out.set(name, f.path);
    }
  }
  return out;
}

/** The string cases of the `switch` statements of a function (a feature list handled case by case). */
export function switchCases(file: GoFile, func: string): string[] {
  const m = new RegExp(`func\\s*(?:\\([^)]*\\)\\s*)?${func}\\s*\\(`).exec(file.text);
  if (!m) throw new Error(`${file.path}: no function ${func}`);
  const bodyOpen = file.text.indexOf('{', matching(file.text, m.index + m[0].length - 1));
  const body = file.text.slice(bodyOpen, matching(file.text, bodyOpen));
  const out: string[] = [];
  for (const c of body.matchAll(/\bcase\s+([^:]+):/g)) {
    for (const part of splitArgs(c[1])) {
      const v = stringValue(part);
      if (v) out.push(v);
    }
  }
  return [...new Set(out)].sort();
}

/** The values of a `var X = []string{A, B, "c"}` list (identifiers resolved as constants). */
export function stringList(files: GoFile[], variable: string, consts: Map<string, string>): string[] {
  for (const f of files) {
    const m = new RegExp(`\\bvar\\s+${variable}\\s*=\\s*\\[\\]string\\s*\\{`).exec(f.text);
    if (!m) continue;
    const open = m.index + m[0].length - 1;
    return splitArgs(f.text.slice(open + 1, matching(f.text, open))).map((a) => {
      const v = stringValue(a, consts);
      if (v === undefined) throw new Error(`${f.path}: ${variable}: cannot read ${a}`);
      return v;
    });
  }
  throw new Error(`no variable ${variable}`);
}

// -------------------------------------------------------------------------------------------------
// YAML structs

interface Module {
  readonly module: string;
  readonly tree: SourceTree;
}

/**
 * The Go packages of a program and of the modules it was given, and the YAML shape of the types
 * reachable from some roots. `hooks` replace what a type contributes (types that unmarshal
 * themselves, registries of service discoveries).
 */
export class GoWorld {
  public readonly types: Record<string, Fields> = {};
  /** Types left unchecked, with the reason (printed by the generator). */
  public readonly opaque = new Map<string, string>();
  private readonly packages = new Map<string, GoFile[] | undefined>();
  private readonly resolving = new Set<string>();

  constructor(
    private readonly modules: Module[],
    /** Type key → the fields it has instead of what its declaration says. */
    private readonly typeHooks: Record<string, (w: GoWorld) => Fields> = {},
    /** Type key of a field → fields merged into the struct that holds such a field (its own tag ignored). */
    private readonly fieldHooks: Record<string, (w: GoWorld) => Fields> = {},
  ) {}

  /** The Go files of a package (built for linux), or undefined when no module given holds it. */
  public packageFiles(importPath: string): GoFile[] | undefined {
    if (this.packages.has(importPath)) return this.packages.get(importPath);
    const mod = [...this.modules].sort((a, b) => b.module.length - a.module.length)
      .find((m) => importPath === m.module || importPath.startsWith(`${m.module}/`));
    let files: GoFile[] | undefined;
    if (mod) {
      const dir = importPath === mod.module ? '' : importPath.slice(mod.module.length + 1);
      const names = mod.tree.list(dir).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'));
      files = names.map((n) => ({ n, raw: mod.tree.read(dir ? `${dir}/${n}` : n)! }))
        .filter(({ n, raw }) => builtForLinux(n, raw))
        .map(({ n, raw }) => goFile(dir ? `${dir}/${n}` : n, raw));
      if (files.length === 0) files = undefined;
    }
    this.packages.set(importPath, files);
    return files;
  }

  /** Sub-packages of a package folder of a module (for registries: `discovery/*`). */
  public subPackages(importPath: string): string[] {
    const mod = this.modules.find((m) => importPath === m.module || importPath.startsWith(`${m.module}/`));
    if (!mod) return [];
    const dir = importPath === mod.module ? '' : importPath.slice(mod.module.length + 1);
    return mod.tree.dirs(dir).map((d) => `${importPath}/${d}`);
  }

  /** The ref of a struct type by its import path and name, resolving (and recording) its fields. */
  public structRef(importPath: string, name: string): Ref {
    const key = `${importPath}.${name}`;
    if (this.types[key] || this.resolving.has(key)) return key;
    if (this.typeHooks[key]) {
      this.resolving.add(key);
      this.types[key] = this.typeHooks[key](this);
      this.resolving.delete(key);
      return key;
    }
    const files = this.packageFiles(importPath);
    if (!files) { this.opaque.set(key, 'package not given'); return ''; }
    const decl = findTypeDecl(files, name);
    if (decl) {
      const { file: f, rest, at } = decl;
      if (rest.startsWith('struct')) {
        const open = at + rest.indexOf('{');
        const body = f.text.slice(open + 1, matching(f.text, open));
        if (unmarshalsItself(files, name)) { this.opaque.set(key, 'custom UnmarshalYAML'); return ''; }
        this.resolving.add(key);
        this.types[key] = this.structFields(f, body, importPath);
        this.resolving.delete(key);
        return key;
      }
      // A defined type: `type Configs []Config`, `type Secret string`.
      const underlying = rest.split('\n')[0].replace(/^=\s*/, '').trim();
      if (/^(interface|func|chan)\b/.test(underlying)) return '';
      if (unmarshalsItself(files, name)) { this.opaque.set(key, 'custom UnmarshalYAML'); return ''; }
      return this.typeRef(f, underlying, importPath);
    }
    this.opaque.set(key, 'declaration not found');
    return '';
  }

  /** The ref of a type expression written in file `f` of package `pkg`. */
  public typeRef(f: GoFile, expr: string, pkg: string): Ref {
    const t = expr.trim();
    if (t.startsWith('*')) return this.typeRef(f, t.slice(1), pkg);
    if (t === '[]byte') return '';
    if (t.startsWith('[]')) return `[]${this.typeRef(f, t.slice(2), pkg)}`;
    const arr = /^\[\d+\](.*)$/.exec(t);
    if (arr) return `[]${this.typeRef(f, arr[1], pkg)}`;
    if (t.startsWith('map[')) {
      const close = matching(t, 3);
      return `map:${this.typeRef(f, t.slice(close + 1), pkg)}`;
    }
    const q = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)(\[.*\])?$/.exec(t);
    if (q) {
      const path = f.imports.get(q[1]);
      if (!path) return '';
      return this.structRef(path, q[2]);
    }
    const local = /^([A-Za-z_]\w*)(\[.*\])?$/.exec(t);
    if (local && !GO_BUILTINS.has(local[1])) return this.structRef(pkg, local[1]);
    return '';
  }

  private structFields(f: GoFile, body: string, pkg: string): Fields {
    const fields: Fields = {};
    for (const line of splitFieldLines(body)) {
      const tagMatch = /`([^`]*)`\s*$/.exec(line);
      const tag = tagMatch ? tagMatch[1] : '';
      const decl = (tagMatch ? line.slice(0, tagMatch.index) : line).trim();
      if (!decl) continue;
      const yamlTag = /(?:^|\s)yaml:"([^"]*)"/.exec(tag)?.[1];
      const [tagName, ...opts] = (yamlTag ?? '').split(',');
      const named = /^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s+(.+)$/.exec(decl);
      const embedded = !named;
      const names = named ? named[1].split(',').map((s) => s.trim()) : [decl.replace(/^\*/, '').split('.').pop()!];
      const type = named ? named[2] : decl;
      const fieldType = this.resolveQualified(f, type, pkg);
      if (fieldType && this.fieldHooks[fieldType]) {
        Object.assign(fields, this.fieldHooks[fieldType](this));
        continue;
      }
      if (tagName === '-') continue;
      const inline = opts.includes('inline');
      if (inline) {
        const ref = this.typeRef(f, type, pkg);
        if (ref.startsWith('map:')) fields['*'] = ref.slice(4);
        else if (ref && this.types[ref]) Object.assign(fields, this.types[ref]);
        else if (ref) fields['*'] = ''; // still resolving (recursion): be permissive
        else fields['*'] = '';
        continue;
      }
      for (const n of names) {
        if (!/^[A-Z]/.test(n)) continue; // unexported: not decoded
        if (embedded && yamlTag === undefined) {
          // yaml.v2 does not inline anonymous fields without `,inline`: the key is the lowercased name.
          fields[n.toLowerCase()] = this.typeRef(f, type, pkg);
          continue;
        }
        fields[tagName || n.toLowerCase()] = this.typeRef(f, type, pkg);
      }
    }
    return fields;
  }

  /** The key of a (possibly pointer / qualified) named type, for the field hooks. */
  private resolveQualified(f: GoFile, expr: string, pkg: string): string | undefined {
    const t = expr.trim().replace(/^\*/, '');
    const q = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(t);
    if (q) return f.imports.has(q[1]) ? `${f.imports.get(q[1])}.${q[2]}` : undefined;
    return /^[A-Za-z_]\w*$/.test(t) ? `${pkg}.${t}` : undefined;
  }
}

const GO_BUILTINS = new Set(['string', 'bool', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr',
  'float32', 'float64', 'complex64', 'complex128', 'byte', 'rune', 'error', 'any', 'interface']);

/** Where type `name` is declared: `type X ...`, or a line `X ...` of a `type ( ... )` block. */
function findTypeDecl(files: GoFile[], name: string): { file: GoFile; rest: string; at: number } | undefined {
  for (const f of files) {
    const single = new RegExp(`\\btype\\s+${name}(?:\\[[^\\]]*\\])?\\s+`).exec(f.text);
    if (single) return { file: f, rest: f.text.slice(single.index + single[0].length), at: single.index + single[0].length };
    for (const block of f.text.matchAll(/\btype\s*\(/g)) {
      const open = block.index! + block[0].length - 1;
      const close = matching(f.text, open);
      const inner = f.text.slice(open + 1, close);
      const line = new RegExp(`(^|\\n)\\s*${name}(?:\\[[^\\]]*\\])?\\s+`).exec(inner);
      if (line) {
        const at = open + 1 + line.index + line[0].length;
        return { file: f, rest: f.text.slice(at, close), at };
      }
    }
  }
  return undefined;
}

/** Field declarations of a struct body, one per entry (nested struct bodies kept whole). */
function splitFieldLines(body: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '`' || c === '"') {
      const end = skipString(body, i);
      cur += body.slice(i, end);
      i = end - 1;
      continue;
    }
    if (c === '{') {
      const close = matching(body, i);
      cur += body.slice(i, close + 1);
      i = close;
      continue;
    }
    if (c === '\n' || c === ';') { out.push(cur); cur = ''; continue; }
    cur += c;
  }
  out.push(cur);
  return out.map((l) => l.trim()).filter((l) => l !== '');
}

/**
 * Whether a type has an `UnmarshalYAML` that reads something else than its own fields (the
 * `type plain X; unmarshal((*plain)(x))` idiom keeps them).
 */
function unmarshalsItself(files: GoFile[], name: string): boolean {
  for (const f of files) {
    const m = new RegExp(`func\\s*\\(\\s*\\w*\\s*\\*?${name}\\s*\\)\\s*UnmarshalYAML\\s*\\(`).exec(f.text);
    if (!m) continue;
    const open = f.text.indexOf('{', matching(f.text, m.index + m[0].length - 1));
    const body = f.text.slice(open, matching(f.text, open));
    // discovery.UnmarshalYAMLWithInlineConfigs decodes the struct's own fields and its SD configs.
    return !/\btype\s+plain\b|\(\*plain\)|UnmarshalYAMLWithInlineConfigs/.test(body);
  }
  return false;
}
