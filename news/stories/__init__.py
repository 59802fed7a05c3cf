"""Stories: articles about one event, from any number of outlets, with one summary.

    assign     clustering new articles into stories (``assign_stories``)
    summary    each story's summary (``refresh_story_summaries``)
    languages  an article's language and the word normalising clustering shares
    card*      a story in full: key points, perspectives, quote, timeline

The package imports none of its modules: the answers import ``languages`` alone, without
the clustering that only a pipeline pass needs.
"""
