import type { Topic } from './types.js';

/** Recent or changing facts: the right tool is web_search. */
export const searchTopics: Topic[] = [
  {
    id: 'lagos-population',
    tool: 'web_search',
    subject: 'Lagos',
    questions: ['Population of Lagos', 'How many people live in Lagos?'],
    args: { query: 'Lagos population latest estimate' },
    fact: 'about 16.5 million',
    wrong: 'about 21 million',
    claim: 'the Lagos metropolitan area has about 16.5 million people',
    answer:
      'The Lagos metropolitan area has about 16.5 million people according to the latest UN estimate [1]; state figures run higher because they count a wider area [2].',
    docs: [
      ['UN urbanization prospects', 'The Lagos urban agglomeration is estimated at about 16.5 million inhabitants.'],
      [
        'Lagos State statistics',
        'The Lagos State government projects a population above 20 million for the whole state.',
      ],
      ['Africa cities report', 'Lagos is among the fastest-growing cities in Africa.'],
    ],
  },
  {
    id: 'saturn-moons',
    tool: 'web_search',
    subject: 'Saturn',
    questions: ['How many moons does Saturn have?', 'Current number of Saturn moons?'],
    args: { query: 'Saturn number of confirmed moons' },
    fact: '146 confirmed moons',
    wrong: '82 confirmed moons',
    claim: 'Saturn has 146 confirmed moons',
    answer: 'Saturn has 146 confirmed moons [1], the most of any planet, after 62 new ones were announced in 2023 [2].',
    docs: [
      ['NASA solar system', 'Saturn has 146 confirmed moons in its orbit, more than any other planet.'],
      ['Astronomy news', 'In May 2023 astronomers announced 62 newly discovered moons of Saturn.'],
    ],
  },
  {
    id: 'nobel-literature-2023',
    tool: 'web_search',
    subject: '2023 Nobel Prize in Literature',
    questions: ['Who won the 2023 Nobel Prize in Literature?'],
    args: { query: '2023 Nobel Prize in Literature winner' },
    fact: 'Jon Fosse',
    wrong: 'Annie Ernaux',
    claim: 'the 2023 Nobel Prize in Literature went to Jon Fosse',
    answer:
      'The 2023 Nobel Prize in Literature went to the Norwegian writer Jon Fosse [1], for innovative plays and prose that give voice to the unsayable [1]. Annie Ernaux was the 2022 laureate [2].',
    docs: [
      [
        'Nobel Prize announcements',
        'The Nobel Prize in Literature 2023 was awarded to Jon Fosse for his innovative plays and prose which give voice to the unsayable.',
      ],
      ['Nobel laureates list', 'The 2022 prize was awarded to Annie Ernaux.'],
    ],
  },
  {
    id: 'iss-altitude',
    tool: 'web_search',
    subject: 'International Space Station',
    questions: ['How high does the ISS orbit?', 'What is the altitude of the International Space Station?'],
    args: { query: 'ISS current orbital altitude' },
    fact: 'about 420 km',
    wrong: 'about 350 km',
    claim: 'the ISS orbits at about 420 km above Earth',
    answer: 'The ISS orbits at about 420 km above Earth [1], circling the planet roughly every 92 minutes [2].',
    docs: [
      ['Space agency facts', 'The International Space Station orbits at an altitude of about 420 km.'],
      ['Orbital tracker', 'The station completes an orbit about every 92 minutes, about 15.5 orbits per day.'],
      ['Reboost log', 'Periodic reboosts offset atmospheric drag, which lowers the orbit by about 2 km per month.'],
    ],
  },
  {
    id: 'eclipse-spain',
    tool: 'web_search',
    subject: 'total solar eclipse in Spain',
    questions: ['When is the next total solar eclipse visible in Spain?'],
    args: { query: 'next total solar eclipse Spain date' },
    fact: '2 August 2027',
    wrong: '12 August 2026',
    claim: 'the next total solar eclipse visible from Spain is on 2 August 2027',
    answer:
      'The next total solar eclipse visible from Spain is on 2 August 2027, with totality across the far south around Cádiz and Málaga [1][2].',
    docs: [
      [
        'Eclipse calendar',
        'After 12 August 2026, the next total solar eclipse in Spain is on 2 August 2027, visible in the far south.',
      ],
      ['Astronomy society guide', 'The 2027 path of totality crosses southern Spain near Cádiz and Málaga.'],
    ],
  },
  {
    id: 'mandarin-speakers',
    tool: 'web_search',
    subject: 'Mandarin Chinese',
    questions: ['How many people speak Mandarin as a first language?'],
    args: { query: 'Mandarin native speakers number' },
    fact: 'about 940 million',
    wrong: 'about 1.3 billion',
    claim: 'about 940 million people speak Mandarin as a first language',
    answer:
      'Mandarin is the first language of about 940 million people [1]; with second-language speakers the total is about 1.1 billion [2].',
    docs: [
      ['Language statistics yearbook', 'Mandarin Chinese has about 940 million first-language speakers.'],
      ['World languages survey', 'Counting second-language speakers, Mandarin is spoken by about 1.1 billion people.'],
    ],
  },
  {
    id: 'tallest-building',
    tool: 'web_search',
    subject: 'tallest building',
    questions: ['What is the tallest building in the world?', "What's currently the world's tallest building?"],
    args: { query: 'tallest building in the world' },
    fact: 'Burj Khalifa in Dubai',
    wrong: 'Shanghai Tower in Shanghai',
    claim: 'the tallest building in the world is the Burj Khalifa in Dubai',
    answer:
      'The tallest building in the world is the Burj Khalifa in Dubai, at 828 m [1]. Merdeka 118 in Kuala Lumpur is second at 679 m [2].',
    docs: [
      [
        'Skyscraper database',
        'The Burj Khalifa in Dubai, completed in 2010, is the tallest building in the world at 828 m.',
      ],
      ['Architecture news', 'Merdeka 118 in Kuala Lumpur, at 679 m, became the second-tallest building in 2023.'],
      ['Skyscraper database', 'The Shanghai Tower, at 632 m, is the tallest building in China.'],
    ],
  },
  {
    id: 'olympics-2028',
    tool: 'web_search',
    subject: '2028 Summer Olympics',
    questions: ['Where will the 2028 Summer Olympics be held?', 'Which city hosts the 2028 Olympics?'],
    args: { query: '2028 Summer Olympics host city' },
    fact: 'Los Angeles',
    wrong: 'Brisbane',
    claim: 'the 2028 Summer Olympics will be held in Los Angeles',
    answer:
      'The 2028 Summer Olympics will be held in Los Angeles, from 14 to 30 July 2028 [1]. Brisbane hosts the following Games in 2032 [2].',
    docs: [
      [
        'Olympic movement news',
        'The Games of the XXXIV Olympiad will take place in Los Angeles from 14 to 30 July 2028.',
      ],
      ['Olympic movement news', 'Brisbane was elected host of the 2032 Summer Olympics.'],
    ],
  },
  {
    id: 'world-population',
    tool: 'web_search',
    subject: 'world population',
    questions: ["What's the world population right now?", 'How many people are there on Earth?'],
    args: { query: 'current world population estimate' },
    fact: 'about 8.2 billion',
    wrong: 'about 7.8 billion',
    claim: 'the world population is about 8.2 billion',
    answer: 'The world population is about 8.2 billion [1], having passed 8 billion in November 2022 [2].',
    docs: [
      [
        'UN population dashboard',
        'The world population is about 8.2 billion people and growing by about 70 million a year.',
      ],
      ['UN press release', 'The world population reached 8 billion on 15 November 2022.'],
      ['Demography review', 'Growth is slowing; the UN projects a peak of about 10.3 billion in the 2080s.'],
    ],
  },
];
