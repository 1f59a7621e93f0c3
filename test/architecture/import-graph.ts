import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The modules a TypeScript source imports at load time: static `import … from`, `import '…'` and
 * `export … from` specifiers. Type-only ones are left out (`import type`, `export type`, and an
 * `import { type A, type B }` whose every binding is a type), since TypeScript erases them and they
 * cannot make an evaluation-order circle. Dynamic `import()` is left out too: it runs later, not
 * while the module graph loads.
 */
export function loadTimeImports(source: string, fileName = 'module.ts'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: string[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const bindings = clause?.namedBindings;
      const allTypes =
        clause !== undefined &&
        clause.name === undefined &&
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((e) => e.isTypeOnly);
      if (allTypes) continue;
      out.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      if (statement.isTypeOnly) continue;
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause) && clause.elements.length > 0) {
        if (clause.elements.every((e) => e.isTypeOnly)) continue;
      }
      out.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return out;
}

/** Module graph: file (relative to the root) → the files it imports at load time (relative specifiers only). */
export type ImportGraph = Map<string, string[]>;

/**
 * The graph of a set of sources keyed by path relative to one root ('model/sequential.ts'); relative
 * specifiers ending in .js resolve to the .ts file beside it, as NodeNext resolution does.
 */
export function importGraph(sources: ReadonlyMap<string, string>): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const [path, source] of sources) {
    const targets: string[] = [];
    for (const spec of loadTimeImports(source, path)) {
      if (!spec.startsWith('.')) continue; // packages and node: builtins are outside the graph
      const target = join(dirname(path), spec).replace(/\.js$/, '.ts');
      const resolved = sources.has(target)
        ? target
        : sources.has(`${target}/index.ts`)
          ? `${target}/index.ts`
          : null;
      if (resolved) targets.push(resolved);
    }
    graph.set(path, targets);
  }
  return graph;
}

/** Every *.ts file under `dir` (skipping .d.ts), keyed by its path relative to `dir`. */
export function readSources(dir: string): Map<string, string> {
  const root = resolve(dir);
  const sources = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts'))
        sources.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return sources;
}

/** A set of modules that import each other, and one circle through them (a → b → … → a). */
export interface ImportCircle {
  members: string[];
  circle: string[];
}

/**
 * One entry per strongly connected component of more than one module (or a module importing itself).
 * Tarjan's algorithm, iterative so a deep graph cannot overflow the stack.
 */
export function findCycles(graph: ImportGraph): ImportCircle[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const to = edges[frame.next++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && (graph.get(member) ?? []).includes(member);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components
    .map((component) => ({ members: [...component].sort(), circle: circleWithin(graph, new Set(component)) }))
    .sort((a, b) => (a.members[0]! < b.members[0]! ? -1 : 1));
}

/** A shortest circle through the component's first module (in sorted order), by breadth-first search. */
function circleWithin(graph: ImportGraph, members: ReadonlySet<string>): string[] {
  const start = [...members].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}
