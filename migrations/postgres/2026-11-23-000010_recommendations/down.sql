DROP TABLE product_pairs;
