package org.careplanfhir.server.bulkimport;

/** A line of an input file, numbered from 1 as an editor would show it. */
record ImportLine(int input, long number, String text) {
}
