"""The tidy-tree algorithm of Buchheim, Jünger and Leipert (2002): the x of every node
of a tree in linear time, each parent centred over its children, subtrees as close as
their contours allow. Two children 10 wide with a gap of 10 under their parent:

>>> buchheim([[1, 2], [], []], [-1, 0, 0], [5.0] * 3, [5.0] * 3, gap=10.0, cousin_gap=20.0)
[10.0, 0.0, 20.0]
"""

from __future__ import annotations

__all__ = ["buchheim"]


def buchheim(
    kids: list[list[int]],
    par: list[int],
    le: list[float],
    re: list[float],
    *,
    gap: float,
    cousin_gap: float,
) -> list[float]:
    """x of every node of the tree rooted at node 0.

    *kids* and *par* give each node's children (left to right) and parent (-1: the
    root); *le*/*re* are each node's extents left and right of its x; neighbours on a
    level keep *gap* between them (*cousin_gap* when their parents differ). Iterative.
    """
    walk = _Walk(kids, par, le, re, gap, cousin_gap)
    walk.first_walk()
    return walk.second_walk()


class _Walk:
    """The state of one layout: per node, its preliminary x, modifier, shift and change
    (spread over the siblings between two subtrees moved apart), thread (the next node
    of a contour that has no child to follow), ancestor and number among its siblings."""

    def __init__(
        self,
        kids: list[list[int]],
        par: list[int],
        le: list[float],
        re: list[float],
        gap: float,
        cousin_gap: float,
    ) -> None:
        size = len(kids)
        self.kids, self.par, self.le, self.re = kids, par, le, re
        self.gap, self.cousin_gap = gap, cousin_gap
        self.prelim = [0.0] * size
        self.mod = [0.0] * size
        self.shift = [0.0] * size
        self.change = [0.0] * size
        self.thread = [-1] * size
        self.anc = list(range(size))
        self.num = [0] * size
        for ks in kids:
            for j, c in enumerate(ks):
                self.num[c] = j
        self.default = [0] * size  # per parent: the default ancestor of apportion

    def first_walk(self) -> None:
        """Preliminary x and modifiers, children before parents, left to right."""
        kids, par, num, le, re, gap = self.kids, self.par, self.num, self.le, self.re, self.gap
        prelim, mod, shift, change, default = (
            self.prelim,
            self.mod,
            self.shift,
            self.change,
            self.default,
        )
        # Post-order, children left to right.
        order: list[int] = []
        stack = [0]
        while stack:
            v = stack.pop()
            order.append(v)
            stack.extend(kids[v])
        order.reverse()
        mid = 0.0
        for v in order:
            ks = kids[v]
            p = par[v]
            if ks:
                # execute shifts
                s = ch = 0.0
                for c in reversed(ks):
                    prelim[c] += s
                    mod[c] += s
                    ch += change[c]
                    s += shift[c] + ch
                mid = (prelim[ks[0]] + prelim[ks[-1]]) / 2
            if p >= 0 and num[v]:
                left = kids[p][num[v] - 1]
                prelim[v] = prelim[left] + re[left] + gap + le[v]
                if ks:
                    mod[v] = prelim[v] - mid
            else:
                prelim[v] = mid if ks else 0.0
            if p < 0:
                continue
            if not num[v]:
                default[p] = v
                continue
            self.apportion(v, p)

    def apportion(self, v: int, p: int) -> None:
        """Move the subtree of *v* right of its left siblings' subtrees, walking the
        contours between them level by level (spreading the move over the siblings in
        between), and thread the shorter contour onto the longer one."""
        kids, par, le, re, thread = self.kids, self.par, self.le, self.re, self.thread
        prelim, mod, anc, num, default = self.prelim, self.mod, self.anc, self.num, self.default
        gap, cousin_gap = self.gap, self.cousin_gap
        sib = kids[p]
        vir = vor = v
        vil = sib[num[v] - 1]
        vol = sib[0]
        sir = mod[vir]
        sor = mod[vor]
        sil = mod[vil]
        sol = mod[vol]
        while True:
            k = kids[vil]
            nr = k[-1] if k else thread[vil]
            k = kids[vir]
            nl = k[0] if k else thread[vir]
            if nr < 0 or nl < 0:
                break
            vil, vir = nr, nl
            k = kids[vol]
            vol = k[0] if k else thread[vol]
            k = kids[vor]
            vor = k[-1] if k else thread[vor]
            anc[vor] = v
            sep = re[vil] + le[vir] + (gap if par[vil] == par[vir] else cousin_gap)
            sh = (prelim[vil] + sil) - (prelim[vir] + sir) + sep
            if sh > 0:
                a = anc[vil]
                if par[a] != p:
                    a = default[p]
                self.move(a, v, sh)
                sir += sh
                sor += sh
            sil += mod[vil]
            sir += mod[vir]
            sol += mod[vol]
            sor += mod[vor]
        if nr >= 0 and not kids[vor] and thread[vor] < 0:
            thread[vor] = nr
            mod[vor] += sil - sor
        if nl >= 0 and not kids[vol] and thread[vol] < 0:
            thread[vol] = nl
            mod[vol] += sir - sol
            default[p] = v

    def move(self, a: int, v: int, sh: float) -> None:
        """Move the subtree of *v* right by *sh*, and the siblings between *a* and *v*
        by their share of it (applied by the next execution of shifts)."""
        part = sh / (self.num[v] - self.num[a])
        self.change[v] -= part
        self.shift[v] += sh
        self.change[a] += part
        self.prelim[v] += sh
        self.mod[v] += sh

    def second_walk(self) -> list[float]:
        """x = prelim + the modifiers of all ancestors."""
        kids, prelim, mod = self.kids, self.prelim, self.mod
        xs = [0.0] * len(kids)
        walk = [(0, 0.0)]
        while walk:
            v, m = walk.pop()
            xs[v] = prelim[v] + m
            m += mod[v]
            walk.extend((c, m) for c in kids[v])
        return xs
