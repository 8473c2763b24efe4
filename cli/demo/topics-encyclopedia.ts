import type { Topic } from './types.js';

/** Settled reference facts: the right tool is encyclopedia_lookup. */
export const encyclopediaTopics: Topic[] = [
  {
    id: 'eiffel-tower',
    tool: 'encyclopedia_lookup',
    subject: 'Eiffel Tower',
    questions: ['When was the Eiffel Tower completed?', 'What year was the Eiffel Tower finished?'],
    args: { title: 'Eiffel Tower' },
    fact: '31 March 1889',
    wrong: '15 May 1887',
    claim: 'the Eiffel Tower was completed on 31 March 1889',
    answer:
      'The Eiffel Tower was completed on 31 March 1889 [1], after just over two years of construction, in time for the Exposition Universelle that opened that May [2].',
    docs: [
      [
        'Encyclopedia: Eiffel Tower',
        'The Eiffel Tower was completed on 31 March 1889 and opened to the public on 15 May 1889.',
      ],
      [
        'Paris history archive',
        'Construction began in January 1887; the tower was built for the 1889 Exposition Universelle.',
      ],
      [
        'Engineering heritage register',
        'Gustave Eiffel’s company built the 300-metre wrought-iron lattice tower in 2 years, 2 months and 5 days.',
      ],
    ],
  },
  {
    id: 'left-hand-of-darkness',
    tool: 'encyclopedia_lookup',
    subject: 'The Left Hand of Darkness',
    questions: ["Who wrote 'The Left Hand of Darkness'?", 'Who is the author of The Left Hand of Darkness?'],
    args: { title: 'The Left Hand of Darkness' },
    fact: 'Ursula K. Le Guin',
    wrong: 'Joanna Russ',
    claim: "'The Left Hand of Darkness' was written by Ursula K. Le Guin",
    answer:
      "'The Left Hand of Darkness' was written by Ursula K. Le Guin [1]. It was published in 1969 and won both the Hugo and Nebula awards [2].",
    docs: [
      [
        'Encyclopedia: The Left Hand of Darkness',
        'The Left Hand of Darkness is a 1969 science fiction novel by Ursula K. Le Guin, part of her Hainish Cycle.',
      ],
      ['Literary awards database', 'The novel won the Nebula Award in 1969 and the Hugo Award in 1970.'],
    ],
  },
  {
    id: 'ethanol-boiling-point',
    tool: 'encyclopedia_lookup',
    subject: 'ethanol',
    questions: ['What is the boiling point of ethanol?', 'At what temperature does ethanol boil?'],
    args: { title: 'Ethanol', section: 'Physical properties' },
    fact: '78.37 °C',
    wrong: '82.5 °C',
    claim: 'ethanol boils at 78.37 °C at standard atmospheric pressure',
    answer:
      'Ethanol boils at 78.37 °C at standard atmospheric pressure [1], which is why it can be separated from water by distillation [3].',
    docs: [
      [
        'Encyclopedia: Ethanol',
        'Ethanol has a boiling point of 78.37 °C (173.1 °F) at 1 atm and a melting point of −114.1 °C.',
      ],
      ['Chemistry handbook', 'Isopropyl alcohol boils at about 82.5 °C; methanol at 64.7 °C.'],
      [
        'Distillation primer',
        'Because ethanol boils well below water, fractional distillation concentrates it up to about 95.6 % by mass.',
      ],
    ],
  },
  {
    id: 'mount-everest-height',
    tool: 'encyclopedia_lookup',
    subject: 'Mount Everest',
    questions: ['How tall is Mount Everest?', "What is Everest's official height?"],
    args: { title: 'Mount Everest' },
    fact: '8,848.86 m',
    wrong: '8,840 m',
    claim: 'Mount Everest is 8,848.86 m tall',
    answer:
      'Mount Everest is 8,848.86 m tall [1], the height China and Nepal announced jointly in December 2020 after a new survey [2].',
    docs: [
      [
        'Encyclopedia: Mount Everest',
        'Mount Everest has an elevation of 8,848.86 m above sea level, the highest on Earth.',
      ],
      [
        'Survey news digest',
        'In December 2020 Nepal and China jointly announced the revised height after the 2019–2020 surveys.',
      ],
      ['Himalaya atlas', 'Earlier surveys gave 8,848 m (1955) and 8,844.43 m (2005, rock height).'],
      ['Mountaineering records', 'Everest was first climbed by Tenzing Norgay and Edmund Hillary on 29 May 1953.'],
    ],
  },
  {
    id: 'penicillin',
    tool: 'encyclopedia_lookup',
    subject: 'penicillin',
    questions: ['Who discovered penicillin?', 'Who first discovered penicillin, and when?'],
    args: { title: 'Penicillin', section: 'History' },
    fact: 'Alexander Fleming',
    wrong: 'Louis Pasteur',
    claim: 'penicillin was discovered by Alexander Fleming in 1928',
    answer:
      'Penicillin was discovered by Alexander Fleming in 1928 [1]; Howard Florey and Ernst Chain later turned it into a usable drug [2].',
    docs: [
      ['Encyclopedia: Penicillin', 'Alexander Fleming discovered penicillin in 1928 at St Mary’s Hospital in London.'],
      [
        'History of medicine',
        'Howard Florey and Ernst Chain developed penicillin into a therapeutic drug in 1940–1941.',
      ],
    ],
  },
  {
    id: 'berlin-wall',
    tool: 'encyclopedia_lookup',
    subject: 'Berlin Wall',
    questions: ['When did the Berlin Wall fall?', 'What date did the Berlin Wall come down?'],
    args: { title: 'Berlin Wall' },
    fact: '9 November 1989',
    wrong: '3 October 1990',
    claim: 'the Berlin Wall fell on 9 November 1989',
    answer:
      'The Berlin Wall fell on 9 November 1989, when East Germany opened its border crossings [1]. German reunification followed on 3 October 1990 [2].',
    docs: [
      [
        'Encyclopedia: Berlin Wall',
        'On 9 November 1989 East German authorities opened the border crossings and crowds crossed the wall.',
      ],
      ['Encyclopedia: German reunification', 'Germany was reunified on 3 October 1990.'],
      ['Cold War timeline', 'The wall had divided Berlin since 13 August 1961.'],
    ],
  },
  {
    id: 'great-wall-length',
    tool: 'encyclopedia_lookup',
    subject: 'Great Wall of China',
    questions: ['How long is the Great Wall of China?'],
    args: { title: 'Great Wall of China' },
    fact: '21,196 km',
    wrong: '8,850 km',
    claim: 'the Great Wall of China is 21,196 km long with all its branches',
    answer:
      'Counting all its branches, the Great Wall of China is 21,196 km long [1]. The often-quoted 8,850 km covers only the Ming-dynasty wall [2].',
    docs: [
      [
        'Encyclopedia: Great Wall of China',
        'A 2012 national survey measured the Great Wall and all its branches at 21,196 km.',
      ],
      ['Ming dynasty overview', 'The Ming wall alone measures about 8,850 km, according to a 2009 survey.'],
    ],
  },
  {
    id: 'iron-atomic-number',
    tool: 'encyclopedia_lookup',
    subject: 'iron',
    questions: ['What is the atomic number of iron?', 'Atomic number of Fe?'],
    args: { title: 'Iron' },
    fact: 'atomic number 26',
    wrong: 'atomic number 28',
    claim: 'iron (Fe) has atomic number 26',
    answer: 'Iron (Fe) has atomic number 26 [1]; it is a transition metal in group 8 of the periodic table [2].',
    docs: [
      ['Encyclopedia: Iron', 'Iron is a chemical element with symbol Fe and atomic number 26.'],
      [
        'Periodic table notes',
        'Iron sits in period 4, group 8, between manganese and cobalt; nickel has atomic number 28.',
      ],
    ],
  },
];
