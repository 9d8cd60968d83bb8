# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one table of type coercions: catalog type -> ``coerce(ctx, spec, value, path, secret, nested)``.

Each returns the normalised native value, or INVALID after reporting why. The table is handed to the run's
Context, whose ``ctx.coerce`` looks the type up (lists and objects recurse through it). Adding a catalog type:
one function and one row."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import enums, lists, objects, scalars

COERCIONS = {
    "unknown": scalars.unknown,
    "string": scalars.string,
    "boolean": scalars.boolean,
    "integer": scalars.integer,
    "number": scalars.number,
    "enum": enums.enum,
    "string_list": lists.string_list,
    "object_list": lists.object_list,
    "object": objects.mapping,
    "boolean_or_object": objects.boolean_or_object,
}
