// Reads a GraphML file with graphology (as a JavaScript user would) and prints its size;
// graphology refuses a file whose edge ids repeat.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Graph from 'graphology';

const require = createRequire(import.meta.url);
const graphml = require('graphology-graphml');
const g = graphml.parse(Graph, readFileSync(process.argv[2], 'utf8'));
console.log(JSON.stringify({ order: g.order, size: g.size, multi: g.multi }));
