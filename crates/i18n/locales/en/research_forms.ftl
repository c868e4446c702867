## Research projects: what the project page, its forms and the API add.

research-actual-since = since { $start }
research-link-experiment = { $status ->
        [draft] Being designed
        [running] Running
       *[ended] Ended
    }; { $pilot } pilot cells, { $comparison } comparison cells; intervention from { $from }; { $evaluable ->
        [yes] enough data to evaluate
       *[no] not yet enough data to evaluate
    }
research-opinions-participants = { $count } council members gave a score and an opinion; each member's sheet is shown to the project team, the managing department and the council only.
