"""Operations over organisations: reorganisation (:mod:`.reorg`), comparison
(:mod:`.diff`) and analysis (:mod:`.analysis`). Results are data; their charts live
in :mod:`orggraph.render`.
"""
